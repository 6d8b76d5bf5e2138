package io.weft.apps.overlay.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.apps.overlay.FakeSwitch;
import io.weft.controller.flow.Action;
import io.weft.controller.flow.Cookie;
import io.weft.controller.flow.PortNumber;
import io.weft.controller.flow.ReceivedPacket;
import io.weft.controller.flow.TableId;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.Host;
import io.weft.topology.Ipv4;
import io.weft.topology.MacAddress;
import io.weft.topology.Network;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller's DNS against a recording switch and a real UDP upstream on loopback. node1 (dpid 1) holds a
 * (net1, port 1) and x (net2, port 2); b is net1's on node2; net3 is on router r1 with net1, net2 on none.
 */
class DnsResponderTest {
    private final Topology topology = Topology.inMemory();
    private final FakeSwitch node1 = new FakeSwitch(1);
    private final AtomicLong clock = new AtomicLong();
    private DatagramSocket upstream;
    private DnsResponder dns;
    private Endpoint a;
    private Endpoint b;
    private Endpoint c;
    private Endpoint x;

    @BeforeEach
    void setUp() throws Exception {
        topology.upsertHost(Host.named("node1").withDatapathId(Optional.of("0000000000000001")));
        topology.upsertHost(Host.named("node2").withDatapathId(Optional.of("0000000000000002")));
        topology.createNetwork(NetworkRequest.of("net1", "10.10.10.0/24"));
        topology.createNetwork(NetworkRequest.of("net2", "10.10.10.0/24"));
        topology.createNetwork(NetworkRequest.of("net3", "10.30.0.0/24"));
        topology.createRouter("r1");
        topology.attachNetwork("r1", "net1");
        topology.attachNetwork("r1", "net3");
        a = bound("net1", "a", "node1", "10.10.10.3", 1);
        b = bound("net1", "Contain2", "node2", "10.10.10.4", 1);
        x = bound("net2", "x", "node1", "10.10.10.4", 2);
        c = bound("net3", "c", "node2", "10.30.0.2", 2);
        upstream = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
        upstream.setSoTimeout(5000);
        dns = new DnsResponder(topology, Optional.of((InetSocketAddress) upstream.getLocalSocketAddress()),
                clock::get);
    }

    @AfterEach
    void tearDown() {
        dns.close();
        upstream.close();
    }

    private Endpoint bound(String network, String name, String host, String ip, int port) {
        Endpoint e = topology.createEndpoint(network, EndpointRequest.of(name, host).withIp(ip));
        return topology.bindEndpoint(e.id(), host, port);
    }

    private void ask(Endpoint from, int port, String name, int type, int id) {
        Network network = topology.network(from.network()).orElseThrow();
        byte[] frame = DnsFrames.udp(from.mac(), from.ip(), 40000 + id, MacAddress.fromIpv4(network.gateway()),
                network.gateway(), DnsFrames.query(id, name, type));
        dns.packetReceived(node1, new ReceivedPacket(TableId.of(30), Cookie.NONE, PortNumber.of(port), 0, frame));
    }

    /** The answers sent so far, waiting up to 5 s for {@code count} of them. */
    private List<FakeSwitch.SentPacket> answers(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (node1.sentPackets().size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        return node1.sentPackets();
    }

    /** Exactly one answer went out, to query {@code id}: the frames before it were dropped. */
    private void assertOnlyAnswered(int id) throws InterruptedException {
        List<FakeSwitch.SentPacket> out = answers(1);
        Thread.sleep(100);
        assertThat(node1.sentPackets()).hasSize(1);
        assertThat(dnsOf(out.get(0)).getShort(0)).isEqualTo((short) id);
    }

    private static ByteBuffer dnsOf(FakeSwitch.SentPacket packet) {
        return ByteBuffer.wrap(UdpFrame.parse(packet.frame()).orElseThrow().payload());
    }

    private static int rcode(ByteBuffer answer) {
        return answer.getShort(2) & 0xf;
    }

    private static int firstAddress(ByteBuffer answer) {
        return answer.getInt(answer.limit() - 4);
    }

    @Test
    void aNameOfTheNetworkIsAnsweredOutOfThePortItCameIn() throws Exception {
        ask(a, 1, "contain2", DnsQuery.TYPE_A, 1);

        FakeSwitch.SentPacket out = answers(1).get(0);
        assertThat(out.actions()).containsExactly(Action.output(1));
        UdpFrame frame = UdpFrame.parse(out.frame()).orElseThrow();
        assertThat(frame.dstMac()).isEqualTo(a.mac());
        assertThat(frame.srcIp()).isEqualTo(Ipv4.parse("10.10.10.1"));
        assertThat(frame.dstIp()).isEqualTo(a.ip());
        assertThat(frame.dstPort()).isEqualTo(40001);
        ByteBuffer answer = dnsOf(out);
        assertThat(rcode(answer)).isZero();
        assertThat(answer.getShort(6)).isEqualTo((short) 1);
        assertThat(firstAddress(answer)).isEqualTo(b.ip());
    }

    @Test
    void theSameNameInAnotherNetworkIsThatNetworksAndNetworksOnARouterAreReachedByNameDotNetwork() throws Exception {
        ask(x, 2, "x", DnsQuery.TYPE_A, 1);
        ask(a, 1, "x", DnsQuery.TYPE_A, 2); // x is net2's: a (net1) gets the upstream's answer instead, below
        ask(a, 1, "c.net3", DnsQuery.TYPE_A, 3);
        ask(a, 1, "x.net2", DnsQuery.TYPE_A, 4);
        ask(a, 1, "nobody.net3", DnsQuery.TYPE_A, 5);

        // the query for "x" from net1 went upstream under another id; answer it as a resolver would
        DatagramPacket forwarded = new DatagramPacket(new byte[512], 512);
        upstream.receive(forwarded);
        DnsQuery asked = DnsQuery.parse(java.util.Arrays.copyOf(forwarded.getData(), forwarded.getLength()))
                .orElseThrow();
        assertThat(asked.name()).isEqualTo("x");
        byte[] reply = asked.answer(DnsQuery.NXDOMAIN, List.of(), 30);
        upstream.send(new DatagramPacket(reply, reply.length, forwarded.getSocketAddress()));

        List<FakeSwitch.SentPacket> out = answers(5);
        assertThat(out).hasSize(5);
        java.util.Map<Integer, ByteBuffer> byId = new java.util.HashMap<>();
        out.forEach(p -> byId.put((int) dnsOf(p).getShort(0), dnsOf(p)));
        assertThat(firstAddress(byId.get(1))).isEqualTo(x.ip());
        assertThat(rcode(byId.get(2))).as("relayed upstream answer, with the container's id").isEqualTo(3);
        assertThat(firstAddress(byId.get(3))).isEqualTo(c.ip());
        assertThat(rcode(byId.get(4))).as("net2 is on no router with net1").isEqualTo(DnsQuery.REFUSED);
        assertThat(rcode(byId.get(5))).isEqualTo(DnsQuery.NXDOMAIN);
    }

    @Test
    void aliasesAreAnsweredLikeNames() throws Exception {
        topology.setEndpointAliases("net1", b.id(), List.of("contain2-host", "Test2"));
        ask(a, 1, "TEST2", DnsQuery.TYPE_A, 1);
        assertThat(firstAddress(dnsOf(answers(1).get(0)))).isEqualTo(b.ip());
    }

    @Test
    void withoutAnUpstreamOtherNamesAreRefused() throws Exception {
        dns.close();
        dns = new DnsResponder(topology, Optional.empty(), clock::get);
        ask(a, 1, "example.org", DnsQuery.TYPE_A, 1);
        assertThat(rcode(dnsOf(answers(1).get(0)))).isEqualTo(DnsQuery.REFUSED);
    }

    @Test
    void anUnansweredUpstreamQueryGetsServfail() throws Exception {
        ask(a, 1, "slow.example.org", DnsQuery.TYPE_A, 1);
        // nobody answers on the upstream socket: the resolver gives up after its timeout
        assertThat(rcode(dnsOf(answers(1).get(0)))).isEqualTo(DnsQuery.SERVFAIL);
    }

    @Test
    void aFrameThatIsNotFromTheEndpointOfItsPortGetsNoAnswer() throws Exception {
        ask(a, 2, "contain2", DnsQuery.TYPE_A, 1); // a's addresses on x's port
        Network net1 = topology.network("net1").orElseThrow();
        byte[] toAnotherAddress = DnsFrames.udp(a.mac(), a.ip(), 40000, MacAddress.fromIpv4(net1.gateway()),
                Ipv4.parse("10.10.10.99"), DnsFrames.query(2, "contain2", 1));
        dns.packetReceived(node1, new ReceivedPacket(TableId.of(30), Cookie.NONE, PortNumber.of(1), 0, toAnotherAddress));
        ask(a, 1, "contain2", DnsQuery.TYPE_A, 3);

        assertOnlyAnswered(3);
    }

    @Test
    void packetInsOfOtherTablesAreNotQueries() throws Exception {
        Network net1 = topology.network("net1").orElseThrow();
        byte[] frame = DnsFrames.udp(a.mac(), a.ip(), 40000, MacAddress.fromIpv4(net1.gateway()), net1.gateway(),
                DnsFrames.query(1, "contain2", 1));
        dns.packetReceived(node1, new ReceivedPacket(TableId.of(0), Cookie.NONE, PortNumber.of(1), 0, frame));
        ask(a, 1, "contain2", DnsQuery.TYPE_A, 2);

        assertOnlyAnswered(2);
    }

    @Test
    void aHostIsHeldToItsRateOfQueries() throws Exception {
        for (int i = 0; i < DnsResponder.QUERIES_PER_SECOND + 50; i++) {
            ask(a, 1, "contain2", DnsQuery.TYPE_A, i);
        }
        answers(DnsResponder.QUERIES_PER_SECOND);
        Thread.sleep(100);
        assertThat(node1.sentPackets()).hasSize(DnsResponder.QUERIES_PER_SECOND);
        assertThat(dns.dropped()).isEqualTo(50);
        clock.addAndGet(1_000_000_000L); // a second later the host may ask again
        ask(a, 1, "contain2", DnsQuery.TYPE_A, 1);
        assertThat(answers(DnsResponder.QUERIES_PER_SECOND + 1)).hasSize(DnsResponder.QUERIES_PER_SECOND + 1);
    }
}
