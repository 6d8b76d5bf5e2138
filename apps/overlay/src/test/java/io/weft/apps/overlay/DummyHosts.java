package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.testkit.OvsInstance;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.EndpointStatus;

/**
 * Real OVS hosts on the dummy datapath joined to an {@link OverlayStack}, and endpoints plugged on them: what the
 * ofproto/trace tests share. The dummy datapath carries no packets, so the tests trace them.
 */
final class DummyHosts {
    private DummyHosts() {
    }

    /** Starts a host's OVS, names it and points it at the stack's OVSDB; then waits until its switch is known. */
    static OvsInstance join(OverlayStack stack, String name, String tunnelIp) throws Exception {
        OvsInstance ovs = OvsInstance.start(name);
        ovs.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=" + name,
                "external_ids:weft-tunnel-ip=" + tunnelIp, "external_ids:weft-datapath-type=dummy");
        ovs.vsctl("set-manager", "tcp:127.0.0.1:" + stack.ovsdbPort);
        return ovs;
    }

    static void awaitHost(OverlayStack stack, String name) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (stack.topology.host(name).flatMap(h -> h.datapathId()).isEmpty()
                || stack.switches.all().stream().noneMatch(sw -> stack.topology.host(name)
                .flatMap(h -> h.datapathId()).map(d -> d.equals(sw.datapathId().toString())).orElse(false))) {
            assertThat(System.currentTimeMillis()).as("host %s connected", name).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Creates the endpoint and plugs a dummy port for it with {@code ofport}, as a runtime would. */
    static Endpoint plug(OverlayStack stack, OvsInstance host, String network, String name, String hostName,
                         String ip, int ofport) throws Exception {
        Endpoint e = stack.topology.createEndpoint(network, EndpointRequest.of(name, hostName).withIp(ip));
        host.vsctl("add-port", "br-int", "tap-" + name, "--", "set", "Interface", "tap-" + name, "type=dummy",
                "ofport_request=" + ofport, "external_ids:iface-id=" + e.id());
        return e;
    }

    static void awaitInstalled(OverlayStack stack, Endpoint endpoint) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (stack.topology.endpointById(endpoint.id()).map(Endpoint::status).orElseThrow()
                != EndpointStatus.INSTALLED) {
            assertThat(System.currentTimeMillis()).as("endpoint %s installed", endpoint.name()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
