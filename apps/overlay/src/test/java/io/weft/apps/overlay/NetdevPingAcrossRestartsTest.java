package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controller.SwitchHandle;
import io.weft.testkit.NetNamespace;
import io.weft.testkit.NetdevHost;
import io.weft.testkit.OvsInstance;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.EndpointStatus;
import io.weft.topology.MacAddress;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import io.weft.topology.store.JournalStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real packets on the userspace (netdev) datapath: two hosts, each a network namespace with its own
 * OVS (br-phy on an underlay veth, br-int provisioned by Weft), one container namespace on each.
 * A continuous ping between the containers must lose nothing while the controller restarts and
 * while a switch's OpenFlow session reconnects.
 */
class NetdevPingAcrossRestartsTest {
    private static final Pattern PING_SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    private final String tag = String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            try {
                cleanup.get(i).close();
            } catch (Exception e) {
                System.err.println("cleanup: " + e);
            }
        }
    }

    @Test
    void continuousPingLosesNothingAcrossControllerRestartAndSwitchReconnect() throws Exception {
        NetNamespace h1 = ns("weft-h1-" + tag);
        NetNamespace h2 = ns("weft-h2-" + tag);
        NetNamespace c1 = ns("weft-c1-" + tag);
        NetNamespace c2 = ns("weft-c2-" + tag);
        // the underlay: one veth between the two hosts
        h1.exec("ip", "link", "add", "wu1" + tag, "type", "veth", "peer", "name", "wu2" + tag, "netns", h2.name());

        Path data = Files.createTempDirectory("weft-netdev-");
        JournalStateStore store = JournalStateStore.open(data);
        Topology topology = Topology.open(store);
        OverlayStack stack = new OverlayStack(topology, "0.0.0.0", 0, 0);
        int ofPort = stack.openflowPort;
        int ovsdbPort = stack.ovsdbPort;

        OvsInstance ovs1 = host(h1, 1, "node1", "wu1" + tag, ovsdbPort);
        OvsInstance ovs2 = host(h2, 2, "node2", "wu2" + tag, ovsdbPort);
        awaitSwitch(stack, topology, "node1");
        awaitSwitch(stack, topology, "node2");

        topology.createNetwork(NetworkRequest.of("net1", "10.10.10.0/24"));
        Endpoint e1 = topology.createEndpoint("net1", EndpointRequest.of("contain1", "node1").withIp("10.10.10.3"));
        Endpoint e2 = topology.createEndpoint("net1", EndpointRequest.of("contain2", "node2").withIp("10.10.10.4"));
        container(h1, c1, ovs1, "wc1" + tag, e1, "10.10.10.3");
        container(h2, c2, ovs2, "wc2" + tag, e2, "10.10.10.4");
        awaitInstalled(topology, e1.id());
        awaitInstalled(topology, e2.id());

        // The first packet to a new tunnel peer may be dropped while OVS resolves the underlay ARP.
        warmUp(c1, "10.10.10.4");
        assertThat(c1.exec("ping", "-c", "3", "-W", "2", "10.10.10.4")).contains("3 received");
        assertThat(c2.exec("ping", "-c", "3", "-W", "2", "10.10.10.3")).contains("3 received");

        // 600 pings, 20 ms apart (12 s): restart the controller, then bounce a switch's OpenFlow session.
        Process ping = c1.start("ping", "-i", "0.02", "-c", "600", "-W", "1", "10.10.10.4");
        Thread.sleep(2000);
        stack.close();
        store.close();
        Thread.sleep(1000);
        store = JournalStateStore.open(data);
        topology = Topology.open(store);
        stack = new OverlayStack(topology, "0.0.0.0", ofPort, ovsdbPort);
        awaitSwitch(stack, topology, "node1");
        awaitSwitch(stack, topology, "node2");
        stack.overlay.drained().get();
        Thread.sleep(1500);
        stack.switches.all().forEach(SwitchHandle::disconnect);
        awaitSwitch(stack, topology, "node1");

        assertThat(ping.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(ping.getInputStream().readAllBytes());
        Matcher m = PING_SUMMARY.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(m.group(2)).as("received of %s transmitted:%n%s", m.group(1), out).isEqualTo(m.group(1));
        stack.close();
        store.close();
    }

    private static void warmUp(NetNamespace from, String to) throws Exception {
        for (int i = 0; i < 10; i++) {
            Process p = from.start("ping", "-c", "1", "-W", "1", to);
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
        }
        throw new AssertionError("no ping reply from " + to + " after 10 tries");
    }

    private NetNamespace ns(String name) throws Exception {
        NetNamespace ns = NetNamespace.create(name);
        cleanup.add(ns);
        return ns;
    }

    /** Host {@code n} (see {@link NetdevHost}) with br-phy on {@code underlay}, joined to the controller. */
    private OvsInstance host(NetNamespace ns, int n, String name, String underlay, int ovsdbPort) throws Exception {
        NetdevHost host = NetdevHost.start(ns, n, name, tag, underlay);
        cleanup.add(host);
        host.join(ovsdbPort);
        return host.ovs();
    }

    private static void container(NetNamespace host, NetNamespace container, OvsInstance ovs, String hostSide,
                                  Endpoint e, String ip) throws Exception {
        host.exec("ip", "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", container.name());
        container.exec("ip", "link", "set", "eth0", "address", MacAddress.format(e.mac()), "mtu", "1450");
        container.exec("ip", "addr", "add", ip + "/24", "dev", "eth0");
        container.exec("ip", "link", "set", "eth0", "up");
        host.exec("ip", "link", "set", hostSide, "up");
        ovs.vsctl("add-port", "br-int", hostSide, "--", "set", "Interface", hostSide,
                "external_ids:iface-id=" + e.id());
    }

    private static void awaitSwitch(OverlayStack stack, Topology topology, String host) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            String dpid = topology.host(host).flatMap(h -> h.datapathId()).orElse(null);
            boolean connected = dpid != null && stack.switches.all().stream()
                    .anyMatch(sw -> sw.isConnected() && sw.datapathId().toString().equals(dpid));
            if (connected) {
                return;
            }
            assertThat(System.currentTimeMillis()).as("switch of %s connected", host).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void awaitInstalled(Topology t, String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (t.endpointById(id).map(Endpoint::status).orElseThrow() != EndpointStatus.INSTALLED) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
