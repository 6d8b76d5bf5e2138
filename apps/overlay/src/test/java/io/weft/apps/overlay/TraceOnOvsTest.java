package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.apps.overlay.trace.PipelineTracer;
import io.weft.apps.overlay.trace.TraceRequest;
import io.weft.apps.overlay.trace.TraceResult;
import io.weft.testkit.OvsInstance;
import io.weft.topology.Ipv4;
import io.weft.topology.MacAddress;
import io.weft.topology.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code weft trace} checked differentially against OVS itself: for each sampled packet, every hop the tracer walks
 * (the source host, then each host the tunnel takes the packet to) is asked of that host's real br-int with {@code
 * ovs-appctl ofproto/trace}, and the two must agree: the same local ports (OpenFlow numbers mapped to the datapath's
 * with {@code dpif/show}), the same packet-ins, the same tunnel destinations, the same drops. The dummy datapath
 * cannot show a tunnel's output among its datapath actions, so tunnel outputs are compared on the OpenFlow part of
 * OVS's trace, and the far side is traced on its own host.
 *
 * <p>Router r1 joins net1 (10.1.0.0/24) and net2 (10.2.0.0/24); net3 (10.3.0.0/24) is on no router. node1: a (net1 .2,
 * port 1), c (net2 .3, port 2), e (net3 .4, port 3), f (net1 .7, port 4); node2: b (net1 .5, port 1), d (net2 .6,
 * port 2).
 */
class TraceOnOvsTest {
    private static Topology topology;
    private static OverlayStack stack;
    private static DummyHosts hosts;
    private static final Map<String, OvsInstance> ovs = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        topology = Topology.inMemory();
        stack = new OverlayStack(topology);
        hosts = new DummyHosts(stack);
        ovs.put("node1", hosts.join("node1", "198.18.0.1"));
        ovs.put("node2", hosts.join("node2", "198.18.0.2"));
        DummyHosts.threeNetworksTwoRouted(topology);
        hosts.plug(ovs.get("node1"), "net1", "a", "node1", "10.1.0.2", 1);
        hosts.plug(ovs.get("node1"), "net2", "c", "node1", "10.2.0.3", 2);
        hosts.plug(ovs.get("node1"), "net3", "e", "node1", "10.3.0.4", 3);
        hosts.plug(ovs.get("node1"), "net1", "f", "node1", "10.1.0.7", 4);
        hosts.plug(ovs.get("node2"), "net1", "b", "node2", "10.1.0.5", 1);
        hosts.plug(ovs.get("node2"), "net2", "d", "node2", "10.2.0.6", 2);
        hosts.awaitInstalled();
        stack.overlay.drained().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
        hosts.close();
    }

    private static TraceRequest packet(String network, String from, String to, String proto) {
        return new TraceRequest(network, from, Ipv4.parse(to), proto, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 64);
    }

    private static TraceResult trace(TraceRequest request) throws Exception {
        return stack.overlay.inspect(view -> new PipelineTracer(topology.snapshot(), view::desired, view::confirmed)
                .trace(request)).get(10, TimeUnit.SECONDS);
    }

    /** Traces with Weft, then checks every hop against the hop's own OVS; returns Weft's trace. */
    private static TraceResult agreed(TraceRequest request) throws Exception {
        TraceResult weft = trace(request);
        assertThat(weft.hops()).isNotEmpty();
        for (TraceResult.Hop hop : weft.hops()) {
            OvsInstance host = ovs.get(hop.host());
            String theirs = host.appctl("ofproto/trace", "br-int", hop.packet());
            assertThat(hop.ofprotoTrace()).isEqualTo("ovs-appctl ofproto/trace br-int '" + hop.packet() + "'");
            Map<Long, Long> odp = datapathPorts(host);
            Set<String> weftSays = new TreeSet<>();
            Set<String> tunnels = new TreeSet<>();
            for (String out : hop.outputs()) {
                if (out.startsWith("port:")) {
                    weftSays.add("port:" + odp.get(Long.parseLong(out.substring(5))));
                } else if (out.equals("controller")) {
                    weftSays.add("controller");
                } else {
                    tunnels.add(out.split(":")[1]);
                }
            }
            assertThat(datapathOutputs(theirs)).as("datapath outputs of %s on %s\n%s", hop.packet(), hop.host(), theirs)
                    .isEqualTo(weftSays);
            assertThat(tunnelDestinations(theirs)).as("tunnel outputs of %s on %s\n%s", hop.packet(), hop.host(),
                    theirs).isEqualTo(tunnels);
        }
        return weft;
    }

    /** OpenFlow port -> datapath port, from {@code dpif/show} ("tap-a 1/2: (dummy)"). */
    private static Map<Long, Long> datapathPorts(OvsInstance host) throws Exception {
        Map<Long, Long> ports = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s+\\S+ (\\d+)/(\\d+):").matcher(host.appctl("dpif/show"));
        while (m.find()) {
            ports.put(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        }
        return ports;
    }

    /** The "Datapath actions:" line's outputs: port numbers and packet-ins; empty for drop. */
    private static Set<String> datapathOutputs(String trace) {
        String line = trace.lines().filter(l -> l.startsWith("Datapath actions:")).findFirst()
                .orElseThrow(() -> new AssertionError("no datapath actions in\n" + trace));
        Set<String> outputs = new TreeSet<>();
        for (String action : topLevel(line.substring("Datapath actions:".length()).trim())) {
            if (action.matches("\\d+")) {
                outputs.add("port:" + action);
            } else if (action.startsWith("userspace(")) {
                outputs.add("controller");
            }
        }
        return outputs;
    }

    /** Where the OpenFlow part of the trace sends the packet through the tunnel port (tun_dst at output:4789). */
    private static Set<String> tunnelDestinations(String trace) {
        Set<String> dsts = new TreeSet<>();
        String tunDst = null;
        for (String line : trace.lines().toList()) {
            Matcher set = Pattern.compile("set_field:([0-9.]+)->tun_dst").matcher(line);
            while (set.find()) {
                tunDst = set.group(1);
            }
            if (line.contains("output:4789") && tunDst != null) {
                dsts.add(tunDst);
            }
        }
        return dsts;
    }

    private static List<String> topLevel(String actions) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char ch : actions.toCharArray()) {
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            }
            if (ch == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static List<String> delivered(TraceResult t) {
        return t.verdicts().stream().filter(v -> v.kind().equals("delivered"))
                .map(v -> v.host() + ":" + v.endpoint()).sorted().toList();
    }

    @Test
    void toAnotherHostInTheNetworkItCrossesTheTunnelOnceAndIsDeliveredThere() throws Exception {
        TraceResult t = agreed(packet("net1", "a", "10.1.0.5", "icmp"));
        assertThat(t.hops()).extracting(TraceResult.Hop::host).containsExactly("node1", "node2");
        assertThat(t.hops().get(0).outputs()).containsExactly("tunnel:198.18.0.2:" + vni("net1"));
        assertThat(delivered(t)).containsExactly("node2:b");
        assertThat(t.hops().get(0).steps()).extracting(TraceResult.Step::tableName)
                .containsExactly("CLASSIFIER", "PORT_SECURITY", "ARP_RESPONDER", "L2_FORWARDING");
        assertThat(t.hops().get(0).steps()).allMatch(TraceResult.Step::confirmed);
    }

    @Test
    void onTheSameHostTcpToAPortIsDeliveredLocally() throws Exception {
        TraceRequest toF = new TraceRequest("net1", "a", Ipv4.parse("10.1.0.7"), "tcp", Optional.of(80),
                Optional.empty(), Optional.empty(), Optional.empty(), 64);
        TraceResult t = agreed(toF);
        assertThat(t.packet()).contains("tcp").contains("tcp_dst=80");
        assertThat(delivered(t)).containsExactly("node1:f");
    }

    @Test
    void routedTrafficIsDeliveredInTheOtherNetworkHereAndAcrossTheTunnel() throws Exception {
        assertThat(delivered(agreed(packet("net1", "a", "10.2.0.3", "icmp")))).containsExactly("node1:c");
        TraceResult remote = agreed(packet("net1", "a", "10.2.0.6", "icmp"));
        assertThat(delivered(remote)).containsExactly("node2:d");
        assertThat(remote.hops().get(1).packet()).contains("nw_ttl=63").contains("tun_id=0x" + Long.toHexString(
                vni("net2")));
    }

    @Test
    void aNetworkOnNoRouterIsIsolatedEvenWhenTheFrameIsAddressedToItsEndpoint() throws Exception {
        // Through net1's gateway: r1 has no route to net3, which is on no router.
        TraceResult byGateway = agreed(packet("net1", "a", "10.3.0.4", "icmp"));
        assertThat(delivered(byGateway)).isEmpty();
        assertThat(byGateway.verdicts()).singleElement().satisfies(v -> assertThat(v.detail())
                .contains("ROUTING"));
        // And the other way: net3's gateway leads nowhere (net3 is on no router), dropped in L2_FORWARDING.
        TraceResult back = agreed(packet("net3", "e", "10.1.0.2", "icmp"));
        assertThat(delivered(back)).isEmpty();
        assertThat(back.verdicts()).singleElement().satisfies(v -> assertThat(v.detail())
                .contains("L2_FORWARDING"));
        // Straight to e's MAC: unknown in net1, so flooded in net1 only (f here, b there), never to e.
        TraceResult byMac = agreed(new TraceRequest("net1", "a", Ipv4.parse("10.3.0.4"), "icmp", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(hosts.endpoint("e").mac()), 64));
        assertThat(delivered(byMac)).containsExactly("node1:f", "node2:b");
    }

    @Test
    void spoofedSourcesAreDroppedByPortSecurity() throws Exception {
        TraceResult ip = agreed(new TraceRequest("net1", "a", Ipv4.parse("10.1.0.5"), "icmp", Optional.empty(),
                Optional.empty(), Optional.of(Ipv4.parse("10.1.0.99")), Optional.empty(), 64));
        TraceResult mac = agreed(new TraceRequest("net1", "a", Ipv4.parse("10.1.0.5"), "icmp", Optional.empty(),
                Optional.of(MacAddress.parse("02:00:00:00:00:99")), Optional.empty(), Optional.empty(), 64));
        for (TraceResult t : List.of(ip, mac)) {
            assertThat(t.hops()).hasSize(1);
            assertThat(t.verdicts()).singleElement().satisfies(v -> {
                assertThat(v.kind()).isEqualTo("dropped");
                assertThat(v.detail()).contains("PORT_SECURITY");
            });
        }
    }

    @Test
    void arpForAKnownAddressIsAnsweredBackOnTheSendersPort() throws Exception {
        TraceResult t = agreed(packet("net1", "a", "10.1.0.5", "arp"));
        assertThat(delivered(t)).containsExactly("node1:a");
        assertThat(t.hops()).hasSize(1);
    }

    @Test
    void arpForAnUnknownAddressFloodsTheNetworkOnEveryHost() throws Exception {
        TraceResult t = agreed(packet("net1", "a", "10.1.0.99", "arp"));
        assertThat(delivered(t)).containsExactly("node1:f", "node2:b");
    }

    @Test
    void dnsAtTheGatewayGoesToTheController() throws Exception {
        TraceResult t = agreed(new TraceRequest("net1", "a", Ipv4.parse("10.1.0.1"), "udp", Optional.of(53),
                Optional.empty(), Optional.empty(), Optional.empty(), 64));
        assertThat(t.verdicts()).extracting(TraceResult.Verdict::kind).containsExactly("controller");
    }

    @Test
    void aRoutedPacketWhoseTtlRunsOutIsDropped() throws Exception {
        TraceResult t = agreed(new TraceRequest("net1", "a", Ipv4.parse("10.2.0.3"), "icmp", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 1));
        assertThat(t.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo("dropped");
            assertThat(v.detail()).contains("TTL");
        });
    }

    @Test
    void unknownNamesAndUnboundEndpointsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> trace(packet("nope", "a", "10.1.0.5", "icmp")))
                .hasRootCauseInstanceOf(java.util.NoSuchElementException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> trace(packet("net1", "zz", "10.1.0.5", "icmp")))
                .hasRootCauseInstanceOf(java.util.NoSuchElementException.class).hasMessageContaining("zz");
        assertThatThrownBy(() -> trace(packet("net1", "a", "10.1.0.99", "icmp")))
                .hasRootCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("no endpoint");
    }

    private static long vni(String network) {
        return topology.network(network).orElseThrow().vni();
    }
}
