package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.testkit.OvsInstance;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.EndpointStatus;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import io.weft.topology.store.JournalStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A controller restart must not disturb the switches: flows that are still right are not touched
 * (their duration keeps growing, so they were not re-added), stale Weft flows go, other owners'
 * flows stay.
 */
class HitlessResyncTest {
    private static final Pattern COOKIE_AND_DURATION = Pattern.compile("cookie=(0x[0-9a-f]+), duration=([0-9.]+)s");

    @Test
    void controllerRestartKeepsCorrectFlowsAndRemovesOnlyStaleWeftFlows() throws Exception {
        Path data = Files.createTempDirectory("weft-resync-");
        try (OvsInstance node1 = OvsInstance.start("resync1"); OvsInstance node2 = OvsInstance.start("resync2")) {
            Map<String, Double> before;
            int ovsdbPort;
            try (JournalStateStore store = JournalStateStore.open(data)) {
                Topology topology = Topology.open(store);
                try (OverlayStack stack = new OverlayStack(topology)) {
                    ovsdbPort = stack.ovsdbPort;
                    join(node1, "node1", "198.18.0.1", ovsdbPort);
                    join(node2, "node2", "198.18.0.2", ovsdbPort);
                    awaitDatapath(topology, "node1");
                    awaitDatapath(topology, "node2");
                    topology.createNetwork(NetworkRequest.of("net1", "10.0.0.0/24"));
                    Endpoint a = topology.createEndpoint("net1", EndpointRequest.of("a", "node1"));
                    Endpoint b = topology.createEndpoint("net1", EndpointRequest.of("b", "node2"));
                    plug(node1, "tap-a", a.id());
                    plug(node2, "tap-b", b.id());
                    awaitInstalled(topology, a.id());
                    awaitInstalled(topology, b.id());
                }
            }
            // While the controller is down: someone else's flow, and a Weft flow that is no longer wanted.
            node1.ofctl("add-flow", "br-int", "cookie=0x1234,table=5,priority=7,actions=drop");
            node1.ofctl("add-flow", "br-int", "cookie=0x571e000000000001,table=30,priority=99,dl_dst=02:00:00:00:00:99,actions=drop");
            before = durations(node1);
            Thread.sleep(1500);

            try (JournalStateStore store = JournalStateStore.open(data)) {
                Topology topology = Topology.open(store);
                java.util.List<String> flaps = new java.util.concurrent.CopyOnWriteArrayList<>();
                topology.addListener(event -> {
                    if (event instanceof io.weft.topology.TopologyEvent.EndpointStatusChanged changed) {
                        flaps.add(changed.endpoint().name() + " -> " + changed.endpoint().status());
                    }
                });
                try (OverlayStack stack = new OverlayStack(topology, 0, ovsdbPort)) {
                    // hosts reconnect to the same OVSDB port by themselves; OpenFlow target may change port
                    awaitDatapath(topology, "node1");
                    long deadline = System.currentTimeMillis() + 30_000;
                    while (durations(node1).containsKey("0x571e000000000001")) {
                        assertThat(System.currentTimeMillis()).as("stale flow removed").isLessThan(deadline);
                        Thread.sleep(50);
                    }
                    stack.overlay.drained().get();
                    Map<String, Double> after = durations(node1);
                    assertThat(after).containsKey("0x1234");
                    assertThat(flaps).as("installed endpoints do not flap to pending on restart").isEmpty();
                    for (Map.Entry<String, Double> e : before.entrySet()) {
                        if (e.getKey().equals("0x571e000000000001")) {
                            continue;
                        }
                        assertThat(after).as("flow %s still installed", e.getKey()).containsKey(e.getKey());
                        assertThat(after.get(e.getKey())).as("flow %s not re-added (duration kept growing)", e.getKey())
                                .isGreaterThan(e.getValue() + 1.0);
                    }
                }
            }
        }
    }

    private static Map<String, Double> durations(OvsInstance ovs) throws Exception {
        Map<String, Double> out = new HashMap<>();
        for (String line : ovs.ofctl("dump-flows", "br-int").split("\n")) {
            Matcher m = COOKIE_AND_DURATION.matcher(line);
            if (m.find()) {
                out.put(m.group(1), Double.parseDouble(m.group(2)));
            }
        }
        return out;
    }

    private static void join(OvsInstance ovs, String name, String ip, int port) throws Exception {
        ovs.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=" + name, "external_ids:weft-tunnel-ip=" + ip,
                "external_ids:weft-datapath-type=dummy");
        ovs.vsctl("set-manager", "tcp:127.0.0.1:" + port);
    }

    private static void plug(OvsInstance ovs, String port, String ifaceId) throws Exception {
        ovs.vsctl("add-port", "br-int", port, "--", "set", "Interface", port, "type=dummy",
                "external_ids:iface-id=" + ifaceId);
    }

    private static void awaitDatapath(Topology t, String host) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (t.host(host).flatMap(h -> h.datapathId()).isEmpty()) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
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
