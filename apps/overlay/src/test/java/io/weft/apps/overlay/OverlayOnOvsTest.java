package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.testkit.OvsInstance;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole control plane on two real OVS hosts (dummy datapath): hosts join over OVSDB, endpoints
 * are plugged with iface-id, and ofproto/trace shows the switches behave as the pipeline says.
 *
 * <p>node1: a (net1 10.0.0.2, port 1), c (net1 10.0.0.3, port 2), x (net2 10.0.0.2, port 3);
 * node2: b (net1 10.0.0.4, port 1), y (net2 10.0.0.3, port 2). net1 and net2 share a subnet.
 */
class OverlayOnOvsTest {
    private static Topology topology;
    private static OverlayStack stack;
    private static OvsInstance node1;
    private static OvsInstance node2;
    private static DummyHosts hosts;

    @BeforeAll
    static void start() throws Exception {
        topology = Topology.inMemory();
        stack = new OverlayStack(topology);
        hosts = new DummyHosts(stack);
        node1 = hosts.join("node1", "198.18.0.1");
        node2 = hosts.join("node2", "198.18.0.2");
        topology.createNetwork(NetworkRequest.of("net1", "10.0.0.0/24"));
        topology.createNetwork(NetworkRequest.of("net2", "10.0.0.0/24"));
        hosts.plug(node1, "net1", "a", "node1", "10.0.0.2", 1);
        hosts.plug(node1, "net1", "c", "node1", "10.0.0.3", 2);
        hosts.plug(node1, "net2", "x", "node1", "10.0.0.2", 3);
        hosts.plug(node2, "net1", "b", "node2", "10.0.0.4", 1);
        hosts.plug(node2, "net2", "y", "node2", "10.0.0.3", 2);
        hosts.awaitInstalled();
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
        hosts.close();
    }

    private static String mac(String name) {
        return hosts.mac(name);
    }

    private static String trace(OvsInstance host, String flow) throws Exception {
        return DummyHosts.trace(host, flow);
    }

    private static String line(String text, String prefix) {
        return Arrays.stream(text.split("\n")).filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + prefix + "' in:\n" + text));
    }

    @Test
    void installedEndpointsAreMarkedOnTheirInterface() throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!node1.vsctl("get", "Interface", "tap-a", "external_ids").contains("weft-installed=\"true\"")) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void theAuditPutsBackWhatWasDeletedByHandAndRemovesWhatWasAddedUnderWeftsCookie() throws Exception {
        String toB = java.util.Arrays.stream(node1.ofctl("dump-flows", "br-int").split("\n"))
                .filter(l -> l.contains("dl_dst=" + mac("b")) && l.contains("output:4789")).findFirst().orElseThrow();
        String cookie = toB.trim().split("[ ,]")[0].substring("cookie=".length());
        String remote = "in_port=1,ip,dl_src=" + mac("a") + ",dl_dst=" + mac("b") + ",nw_src=10.0.0.2,nw_dst=10.0.0.4";
        node1.ofctl("del-flows", "br-int", "cookie=" + cookie + "/-1");
        node1.ofctl("del-groups", "br-int", "group_id=256");
        node1.ofctl("add-flow", "br-int", "cookie=0x57ff00000000beef,table=0,priority=300,actions=drop");
        assertThat(trace(node1, remote)).doesNotContain("output:4789");

        long deadline = System.currentTimeMillis() + 10 * OverlayStack.AUDIT_INTERVAL.toMillis();
        String flows = "";
        String groups = "";
        while (System.currentTimeMillis() < deadline) {
            flows = node1.ofctl("dump-flows", "br-int");
            groups = node1.ofctl("dump-groups", "br-int");
            if (flows.contains("cookie=" + cookie) && !flows.contains("0x57ff00000000beef")
                    && groups.contains("group_id=256")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(flows).as("the deleted flow is back").contains("cookie=" + cookie);
        assertThat(flows).as("the flow added under Weft's cookie is gone").doesNotContain("0x57ff00000000beef");
        assertThat(groups).as("the deleted group is back").contains("group_id=256");
        assertThat(trace(node1, remote)).contains("output:4789");
    }

    @Test
    void anUntouchedSwitchPassesItsAuditWithNothingToRepair() throws Exception {
        // Every flow of the pipeline (ARP responder moves, tunnel set_field, groups, resubmits) as OVS reports it
        // back must digest like the flow Weft encodes: otherwise every audit would "repair" a healthy switch.
        AuditReport report = stack.overlay.audit("node1").get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(report.flowsRead()).isGreaterThan(10);
        assertThat(report.repairs()).isEmpty();
        assertThat(stack.overlay.audit("node2").get(30, java.util.concurrent.TimeUnit.SECONDS).repairs()).isEmpty();
    }

    @Test
    void aFlowChangedInPlaceUnderWeftsCookieIsReinstalledByTheAudit() throws Exception {
        String toB = java.util.Arrays.stream(node2.ofctl("dump-flows", "br-int").split("\n"))
                .filter(l -> l.contains("tun_id=0x100") && l.contains("table=0")).findFirst().orElseThrow();
        String cookie = toB.trim().split("[ ,]")[0].substring("cookie=".length());
        // the case: the tunnel classifier of a network turned into a drop, cookie unchanged. The periodic
        // audit (every second here) may get there first; then the change is made again, until this audit sees it.
        AuditReport report = null;
        for (int attempt = 0; attempt < 10 && (report == null || report.repairs().isEmpty()); attempt++) {
            node2.ofctl("mod-flows", "br-int", "cookie=" + cookie + "/-1,actions=drop");
            report = stack.overlay.audit("node2").get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(report.repairs()).singleElement().asString().startsWith("reinstalled flow changed in place: ");
        String after = java.util.Arrays.stream(node2.ofctl("dump-flows", "br-int").split("\n"))
                .filter(l -> l.contains("cookie=" + cookie)).findFirst().orElseThrow();
        assertThat(after).doesNotContain("actions=drop").contains("tun_id=0x100");
        assertThat(stack.overlay.audit("node2").get(30, java.util.concurrent.TimeUnit.SECONDS).repairs()).isEmpty();
    }

    @Test
    void aGroupChangedInPlaceIsRestoredByTheAudit() throws Exception {
        AuditReport report = null;
        for (int attempt = 0; attempt < 10 && (report == null || report.repairs().isEmpty()); attempt++) {
            // net1's flood group on node2 loses its buckets: broadcasts would reach no one
            node2.ofctl("mod-group", "br-int", "group_id=256,type=all");
            report = stack.overlay.audit("node2").get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(report.repairs()).containsExactly("restored group 256 changed in place (its buckets or type)");
        assertThat(node2.ofctl("dump-groups", "br-int")).contains("group_id=256,type=all,bucket=");
    }

    @Test
    void localUnicastGoesToThePort() throws Exception {
        String t = trace(node1, "in_port=1,ip,dl_src=" + mac("a") + ",dl_dst=" + mac("c") + ",nw_src=10.0.0.2,nw_dst=10.0.0.3");
        assertThat(t).contains("output:2");
        assertThat(t).doesNotContain("output:4789");
    }

    @Test
    void remoteUnicastIsTunnelledWithTheVniToTheRightHost() throws Exception {
        String t = trace(node1, "in_port=1,ip,dl_src=" + mac("a") + ",dl_dst=" + mac("b") + ",nw_src=10.0.0.2,nw_dst=10.0.0.4");
        assertThat(t).contains("set_field:0x100->tun_id", "set_field:198.18.0.2->tun_dst", "output:4789");
    }

    @Test
    void arpForAnEndpointIsAnsweredOnTheHost() throws Exception {
        String t = trace(node1, "in_port=1,arp,dl_src=" + mac("a") + ",dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,"
                + "arp_spa=10.0.0.2,arp_tpa=10.0.0.4,arp_sha=" + mac("a"));
        String finalFlow = line(t, "Final flow:");
        assertThat(finalFlow).contains("dl_src=" + mac("b"), "dl_dst=" + mac("a"), "arp_op=2", "arp_spa=10.0.0.4",
                "arp_tpa=10.0.0.2", "arp_sha=" + mac("b"), "arp_tha=" + mac("a"));
        assertThat(t).contains("IN_PORT").doesNotContain("output:4789").doesNotContain("group:");
    }

    @Test
    void arpForTheGatewayIsAnsweredToo() throws Exception {
        String t = trace(node1, "in_port=1,arp,dl_src=" + mac("a") + ",dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,"
                + "arp_spa=10.0.0.2,arp_tpa=10.0.0.1,arp_sha=" + mac("a"));
        assertThat(line(t, "Final flow:")).contains("arp_op=2", "arp_sha=02:42:0a:00:00:01");
    }

    @Test
    void broadcastReachesLocalPortsAndEachRemoteHostOfTheNetworkOnly() throws Exception {
        String t = trace(node1, "in_port=1,arp,dl_src=" + mac("a") + ",dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,"
                + "arp_spa=10.0.0.2,arp_tpa=10.0.0.77,arp_sha=" + mac("a"));
        assertThat(t).contains("group:256").contains("output:2").contains("set_field:198.18.0.2->tun_dst")
                .doesNotContain("output:3");
    }

    @Test
    void trafficNeverCrossesNetworksEvenWithTheSameAddresses() throws Exception {
        // a (net1) sends to y's MAC (net2, same subnet): not a net1 destination, so only net1 flooding applies
        String t = trace(node1, "in_port=1,ip,dl_src=" + mac("a") + ",dl_dst=" + mac("y") + ",nw_src=10.0.0.2,nw_dst=10.0.0.3");
        assertThat(t).doesNotContain("output:3").doesNotContain("set_field:0x101->tun_id");
        // x (net2) asks for 10.0.0.4 (b's address in net1): not answered, flooded in net2 only
        String arp = trace(node1, "in_port=3,arp,dl_src=" + mac("x") + ",dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,"
                + "arp_spa=10.0.0.2,arp_tpa=10.0.0.4,arp_sha=" + mac("x"));
        assertThat(line(arp, "Final flow:")).contains("arp_op=1");
        assertThat(arp).contains("group:257").doesNotContain("output:1").doesNotContain("output:2");
    }

    @Test
    void spoofedMacOrIpFromAnEndpointIsDropped() throws Exception {
        String mac = trace(node1, "in_port=1,ip,dl_src=" + mac("c") + ",dl_dst=" + mac("b") + ",nw_src=10.0.0.2,nw_dst=10.0.0.4");
        assertThat(line(mac, "Datapath actions:")).isEqualTo("Datapath actions: drop");
        String ip = trace(node1, "in_port=1,ip,dl_src=" + mac("a") + ",dl_dst=" + mac("b") + ",nw_src=10.0.0.3,nw_dst=10.0.0.4");
        assertThat(line(ip, "Datapath actions:")).isEqualTo("Datapath actions: drop");
        String arp = trace(node1, "in_port=1,arp,dl_src=" + mac("a") + ",dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,"
                + "arp_spa=10.0.0.3,arp_tpa=10.0.0.4,arp_sha=" + mac("a"));
        assertThat(line(arp, "Datapath actions:")).isEqualTo("Datapath actions: drop");
    }

    @Test
    void framesFromTheTunnelAreDeliveredLocallyAndNeverSentBackOut() throws Exception {
        String toLocal = trace(node1, "in_port=4789,tun_id=0x100,tun_src=198.18.0.2,dl_src=" + mac("b") + ",dl_dst=" + mac("a"));
        assertThat(toLocal).contains("output:1").doesNotContain("output:4789");
        String broadcast = trace(node1, "in_port=4789,tun_id=0x100,tun_src=198.18.0.2,dl_src=" + mac("b")
                + ",dl_dst=ff:ff:ff:ff:ff:ff");
        assertThat(broadcast).contains("output:1").contains("output:2").doesNotContain("output:4789")
                .doesNotContain("output:3");
        String toRemote = trace(node1, "in_port=4789,tun_id=0x100,tun_src=198.18.0.2,dl_src=" + mac("b") + ",dl_dst=" + mac("b"));
        assertThat(toRemote).doesNotContain("output:4789");
        String unknownVni = trace(node1, "in_port=4789,tun_id=0x999,dl_dst=" + mac("a"));
        assertThat(line(unknownVni, "Datapath actions:")).isEqualTo("Datapath actions: drop");
    }

    @Test
    void restApiFlowsMatchWhatTheSwitchHolds() throws Exception {
        List<String> onSwitch = Arrays.stream(node2.ofctl("dump-flows", "br-int").split("\n"))
                .filter(l -> l.startsWith(" cookie=")).map(l -> l.trim().replaceAll(" duration=[^,]*,", "")
                        .replaceAll(" n_packets=[^,]*,", "").replaceAll(" n_bytes=[^,]*,", "")
                        .replaceAll(" idle_age=[^,]*,", "")).sorted().toList();
        String desired = stack.overlay.flowsOf("node2").orElseThrow();
        List<String> desiredFlows = Arrays.stream(desired.split("\n")).filter(l -> l.startsWith("cookie=")).sorted()
                .toList();
        assertThat(onSwitch).isEqualTo(desiredFlows);
    }
}
