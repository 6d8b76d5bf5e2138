package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.testkit.OvsInstance;
import io.weft.topology.Ipv4;
import io.weft.topology.MacAddress;
import io.weft.topology.Topology;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routing between networks on two real OVS hosts (dummy datapath), checked with ofproto/trace: what each switch
 * does to a packet a container sends to its gateway. The datapath actions are pinned as golden strings, up to the
 * datapath's own port number (not the OpenFlow one) and the tunnel's output, which the dummy datapath cannot
 * route (the OpenFlow part of the trace shows it).
 *
 * <p>Router r1 joins net1 (10.1.0.0/24, VNI 256) and net2 (10.2.0.0/24, VNI 257); net3 (10.3.0.0/24, VNI 258) is on
 * no router. node1: a (net1 .2, port 1), c (net2 .3, port 2), e (net3 .4, port 3); node2: b (net1 .5, port 1),
 * d (net2 .6, port 2).
 */
class RoutingOnOvsTest {
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
        DummyHosts.threeNetworksTwoRouted(topology);
        hosts.plug(node1, "net1", "a", "node1", "10.1.0.2", 1);
        hosts.plug(node1, "net2", "c", "node1", "10.2.0.3", 2);
        hosts.plug(node1, "net3", "e", "node1", "10.3.0.4", 3);
        hosts.plug(node2, "net1", "b", "node2", "10.1.0.5", 1);
        hosts.plug(node2, "net2", "d", "node2", "10.2.0.6", 2);
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

    private static String gateway(String network) {
        return MacAddress.format(MacAddress.fromIpv4(topology.network(network).orElseThrow().gateway()));
    }

    private static String ip(String name) {
        return Ipv4.format(hosts.endpoint(name).ip());
    }

    /** What the host's switch does with IPv4 from endpoint {@code from} (on port {@code port}) to {@code toIp}. */
    private static String send(OvsInstance host, int port, String from, String network, String toIp, int ttl)
            throws Exception {
        return host.appctl("ofproto/trace", "br-int", "in_port=" + port + ",icmp,dl_src=" + mac(from) + ",dl_dst="
                + gateway(network) + ",nw_src=" + ip(from) + ",nw_dst=" + toIp + ",nw_ttl=" + ttl);
    }

    private static String datapathActions(String trace) {
        return Arrays.stream(trace.split("\n")).filter(l -> l.startsWith("Datapath actions:")).findFirst()
                .orElseThrow(() -> new AssertionError("no datapath actions in:\n" + trace));
    }

    @Test
    void toAnotherNetworkOnTheSameHostTheTtlDropsByOneAndTheFrameComesFromItsGateway() throws Exception {
        String trace = send(node1, 1, "a", "net1", ip("c"), 64);
        assertThat(trace).contains("dec_ttl").contains("output:2");
        assertThat(datapathActions(trace)).matches(routedToC());
    }

    @Test
    void toAnotherNetworkOnAnotherHostItIsTunnelledOnceWithTheDestinationsVni() throws Exception {
        String trace = send(node1, 1, "a", "net1", ip("d"), 64);
        assertThat(trace).contains("set_field:0x101->tun_id").contains("set_field:198.18.0.2->tun_dst");
        assertThat(trace).contains("output:4789");
        assertThat(datapathActions(trace)).isEqualTo("Datapath actions: set(eth(src=" + gateway("net2") + ",dst="
                + mac("d") + ")),set(ipv4(ttl=63))");
        // node2 delivers it in net2 like any frame from the tunnel: nothing router-specific there
        String arriving = node2.appctl("ofproto/trace", "br-int", "in_port=4789,tun_id=0x101,tun_src=198.18.0.1,"
                + "icmp,dl_src=" + gateway("net2") + ",dl_dst=" + mac("d") + ",nw_src=" + ip("a") + ",nw_dst="
                + ip("d") + ",nw_ttl=63");
        assertThat(arriving).contains("output:2");
        assertThat(datapathActions(arriving)).matches("Datapath actions: \\d+");
    }

    @Test
    void theReplyIsRoutedBackFromTheOtherHost() throws Exception {
        String trace = send(node2, 2, "d", "net2", ip("a"), 64);
        assertThat(trace).contains("set_field:0x100->tun_id").contains("set_field:198.18.0.1->tun_dst");
        assertThat(datapathActions(trace)).contains("set(eth(src=" + gateway("net1") + ",dst=" + mac("a") + "))");
    }

    @Test
    void aPacketWhoseTtlRunsOutIsNotForwarded() throws Exception {
        String trace = send(node1, 1, "a", "net1", ip("c"), 1);
        assertThat(trace).contains("dec_ttl");
        assertThat(datapathActions(trace)).doesNotMatch(routedToC()).doesNotContain("ttl=0");
    }

    @Test
    void aNetworkOnNoRouterStaysIsolatedBothWays() throws Exception {
        assertThat(datapathActions(send(node1, 1, "a", "net1", ip("e"), 64)))
                .isEqualTo("Datapath actions: drop");
        assertThat(datapathActions(send(node1, 3, "e", "net3", ip("a"), 64)))
                .isEqualTo("Datapath actions: drop");
        // an address of the router's networks that no endpoint has goes nowhere either
        assertThat(datapathActions(send(node1, 1, "a", "net1", "10.2.0.99", 64)))
                .isEqualTo("Datapath actions: drop");
    }

    @Test
    void anUntouchedRoutingSwitchPassesItsAudit() throws Exception {
        // dec_ttl and the router's write_metadata must read back as Weft encodes them
        assertThat(stack.overlay.audit("node1").get(30, TimeUnit.SECONDS).repairs()).isEmpty();
        assertThat(stack.overlay.audit("node2").get(30, TimeUnit.SECONDS).repairs()).isEmpty();
    }

    @Test
    void detachingANetworkTakesItsRoutesAwayAndAttachingBringsThemBack() throws Exception {
        try {
            topology.detachNetwork("r1", "net2");
            stack.overlay.drained().get(10, TimeUnit.SECONDS);
            awaitDatapathActions(java.util.regex.Pattern.quote("Datapath actions: drop"));
        } finally {
            topology.attachNetwork("r1", "net2");
        }
        stack.overlay.drained().get(10, TimeUnit.SECONDS);
        awaitDatapathActions(routedToC());
    }

    /** a -> c routed on node1: from net2's gateway to c, TTL 63, out of c's port (whatever its datapath number). */
    private static String routedToC() {
        return java.util.regex.Pattern.quote("Datapath actions: set(eth(src=" + gateway("net2") + ",dst=" + mac("c")
                + ")),set(ipv4(ttl=63)),") + "\\d+";
    }

    private static void awaitDatapathActions(String expectedRegex) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        String actual = datapathActions(send(node1, 1, "a", "net1", ip("c"), 64));
        while (!actual.matches(expectedRegex) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            actual = datapathActions(send(node1, 1, "a", "net1", ip("c"), 64));
        }
        assertThat(actual).matches(expectedRegex);
    }
}
