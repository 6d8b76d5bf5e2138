package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.testkit.OvsInstance;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.EndpointStatus;
import io.weft.topology.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Real OVS hosts on the dummy datapath joined to an {@link OverlayStack}, and endpoints plugged on them by name: what
 * the ofproto/trace tests share. The dummy datapath carries no packets, so the tests trace them.
 */
final class DummyHosts implements AutoCloseable {
    private final OverlayStack stack;
    private final List<OvsInstance> hosts = new ArrayList<>();
    private final Map<String, Endpoint> endpoints = new TreeMap<>();

    DummyHosts(OverlayStack stack) {
        this.stack = stack;
    }

    /** Starts a host's OVS, names it, points it at the stack's OVSDB, and waits until its switch is known. */
    OvsInstance join(String name, String tunnelIp) throws Exception {
        OvsInstance ovs = OvsInstance.start(name);
        hosts.add(ovs);
        ovs.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=" + name,
                "external_ids:weft-tunnel-ip=" + tunnelIp, "external_ids:weft-datapath-type=dummy");
        ovs.vsctl("set-manager", "tcp:127.0.0.1:" + stack.ovsdbPort);
        long deadline = System.currentTimeMillis() + 30_000;
        while (stack.topology.host(name).flatMap(h -> h.datapathId()).isEmpty()
                || stack.switches.all().stream().noneMatch(sw -> stack.topology.host(name)
                .flatMap(h -> h.datapathId()).map(d -> d.equals(sw.datapathId().toString())).orElse(false))) {
            assertThat(System.currentTimeMillis()).as("host %s connected", name).isLessThan(deadline);
            Thread.sleep(20);
        }
        return ovs;
    }

    /** Creates endpoint {@code name} and plugs a dummy port for it with {@code ofport}, as a runtime would. */
    void plug(OvsInstance host, String network, String name, String hostName, String ip, int ofport) throws Exception {
        Endpoint e = stack.topology.createEndpoint(network, EndpointRequest.of(name, hostName).withIp(ip));
        endpoints.put(name, e);
        host.vsctl("add-port", "br-int", "tap-" + name, "--", "set", "Interface", "tap-" + name, "type=dummy",
                "ofport_request=" + ofport, "external_ids:iface-id=" + e.id());
    }

    /** Waits until every endpoint plugged so far is installed. */
    void awaitInstalled() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        for (Endpoint e : endpoints.values()) {
            while (stack.topology.endpointById(e.id()).map(Endpoint::status).orElseThrow()
                    != EndpointStatus.INSTALLED) {
                assertThat(System.currentTimeMillis()).as("endpoint %s installed", e.name()).isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    Endpoint endpoint(String name) {
        return endpoints.get(name);
    }

    Map<String, Endpoint> endpoints() {
        return endpoints;
    }

    String mac(String name) {
        return MacAddress.format(endpoints.get(name).mac());
    }

    /** Router r1 joins net1 (10.1.0.0/24) and net2 (10.2.0.0/24); net3 (10.3.0.0/24) is on no router. */
    static void threeNetworksTwoRouted(io.weft.topology.Topology topology) {
        topology.createNetwork(io.weft.topology.NetworkRequest.of("net1", "10.1.0.0/24"));
        topology.createNetwork(io.weft.topology.NetworkRequest.of("net2", "10.2.0.0/24"));
        topology.createNetwork(io.weft.topology.NetworkRequest.of("net3", "10.3.0.0/24"));
        topology.createRouter("r1");
        topology.attachNetwork("r1", "net1");
        topology.attachNetwork("r1", "net2");
    }

    /** What {@code host}'s br-int does with {@code flow} (ovs-appctl ofproto/trace). */
    static String trace(OvsInstance host, String flow) throws Exception {
        return host.appctl("ofproto/trace", "br-int", flow);
    }

    @Override
    public void close() throws Exception {
        for (OvsInstance host : hosts) {
            host.close();
        }
    }
}
