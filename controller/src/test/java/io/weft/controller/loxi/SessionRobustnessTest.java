package io.weft.controller.loxi;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controller.DatapathId;
import io.weft.controller.OpenFlowConfig;
import io.weft.controller.OpenFlowServer;
import io.weft.controller.SwitchHandle;
import io.weft.controller.SwitchListener;
import io.weft.controller.SwitchRegistry;
import io.weft.testkit.UnreadFlood;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;

/** Misbehaving peers: each must lose only its own session. */
class SessionRobustnessTest {
    private final SwitchRegistry registry = new SwitchRegistry();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private OpenFlowServer server;
    private int port;

    @BeforeEach
    void listen() {
        registry.addListener(new SwitchListener() {
            @Override
            public void switchConnected(SwitchHandle sw) {
                events.add("connected " + sw.datapathId() + " " + sw.remoteAddress().getPort());
            }

            @Override
            public void switchDisconnected(SwitchHandle sw) {
                events.add("disconnected " + sw.datapathId() + " " + sw.remoteAddress().getPort());
            }
        });
    }

    private void start(Duration echo, Duration idle) throws InterruptedException {
        start(echo, idle, OpenFlowConfig.DEFAULT_MAX_PENDING_WRITE_BYTES);
    }

    private void start(Duration echo, Duration idle, int maxPendingWriteBytes) throws InterruptedException {
        OpenFlowConfig config = new OpenFlowConfig("127.0.0.1", 0, echo, idle, Duration.ofSeconds(2),
                Duration.ofSeconds(10), maxPendingWriteBytes);
        server = new OpenFlowServer(config, registry);
        port = server.start().getPort();
    }

    private void start() throws InterruptedException {
        start(Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    /** The fake's handshake ends when it sends the last reply; the controller registers it just after. */
    private SwitchHandle awaitRegistered(long dpid) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            var sw = registry.get(new DatapathId(dpid));
            if (sw.isPresent() && sw.get().isConnected()) {
                return sw.get();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("datapath " + dpid + " not registered within 5 s");
    }

    private void awaitGone(long dpid) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (registry.get(new DatapathId(dpid)).isPresent()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("datapath " + dpid + " still registered after 5 s");
            }
            Thread.sleep(5);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPeerThatFloodsEchoRequestsAndNeverReadsTheRepliesIsClosed() throws Exception {
        start(Duration.ofSeconds(10), Duration.ofSeconds(30), 1 << 20);
        byte[] payload = new byte[60_000];
        ByteBuffer echo = ByteBuffer.allocate(8 + payload.length);
        echo.put((byte) 4).put((byte) 2).putShort((short) echo.capacity()).putInt(7).put(payload);
        byte[] request = echo.array();
        try (FakeSwitch good = new FakeSwitch(port); Socket flooder = new Socket()) {
            good.handshake(0x1);
            awaitRegistered(1);
            flooder.setReceiveBufferSize(4096);
            flooder.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = flooder.getOutputStream();
            out.write(new byte[] {4, 0, 0, 8, 0, 0, 0, 1}); // OF1.3 HELLO
            // 120 MB of echo requests whose replies are never read: without a cap the controller would hold them all.
            UnreadFlood flood = UnreadFlood.run(out, request, 2000);
            assertThat(flood.closed()).as("closed after %d bytes of echo requests", flood.sent()).isNotNull();
            assertThat(flood.sent()).isLessThan(60L << 20);
            assertThat(registry.get(new DatapathId(1))).as("the others are untouched").isPresent().get()
                    .satisfies(sw -> assertThat(sw.isConnected()).isTrue());
        }
    }

    @Test
    void connectionsOverTheCapFromOneSourceAreClosedAndTheCapFreesAsTheyGo() throws Exception {
        OpenFlowConfig config = new OpenFlowConfig("127.0.0.1", 0, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(10), OpenFlowConfig.DEFAULT_MAX_PENDING_WRITE_BYTES)
                .withConnectionLimits(100, 2);
        server = new OpenFlowServer(config, registry);
        port = server.start().getPort();
        // One after the other: the listener's worker threads may take simultaneous connections in any order.
        try (Socket first = new Socket("127.0.0.1", port)) {
            assertThat(firstByteOrEnd(first)).as("within the cap: the controller says hello").isEqualTo(HELLO_VERSION);
            try (Socket second = new Socket("127.0.0.1", port)) {
                assertThat(firstByteOrEnd(second)).isEqualTo(HELLO_VERSION);
                try (Socket third = new Socket("127.0.0.1", port)) {
                    assertThat(firstByteOrEnd(third)).as("over the cap: closed at once").isEqualTo(-1);
                }
                first.close();
                Thread.sleep(200);
                try (Socket fourth = new Socket("127.0.0.1", port)) {
                    assertThat(firstByteOrEnd(fourth)).as("a freed place is taken again").isEqualTo(HELLO_VERSION);
                }
            }
        }
    }

    /** The controller's hello offers its highest version, OpenFlow 1.4 (wire version 5). */
    private static final int HELLO_VERSION = 5;

    /** The first byte the controller sends (its hello's version), or -1 if it closes the connection. */
    private static int firstByteOrEnd(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        return socket.getInputStream().read();
    }

    @Test
    void garbageClosesOnlyThatConnection() throws Exception {
        start();
        try (FakeSwitch good = new FakeSwitch(port); FakeSwitch http = new FakeSwitch(port)) {
            good.handshake(0x1);
            awaitRegistered(1);
            http.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(http.closedByPeerWithin(2000)).isTrue();
            assertThat(registry.get(new DatapathId(1))).isPresent().get()
                    .satisfies(sw -> assertThat(sw.isConnected()).isTrue());
        }
    }

    @Test
    void unparsableMessageAfterHandshakeClosesTheSession() throws Exception {
        start();
        try (FakeSwitch good = new FakeSwitch(port); FakeSwitch bad = new FakeSwitch(port)) {
            good.handshake(0x1);
            bad.handshake(0x2);
            awaitRegistered(1);
            awaitRegistered(2);
            // A FLOW_MOD-typed message from a switch, too short for its type: Loxi cannot parse it.
            bad.sendRaw(new byte[] {4, 14, 0, 12, 0, 0, 0, 9, 1, 2, 3, 4});

            assertThat(bad.closedByPeerWithin(2000)).isTrue();
            awaitGone(2);
            assertThat(registry.get(new DatapathId(1))).isPresent();
        }
    }

    @Test
    void openFlow10PeerGetsHelloFailedAndIsClosed() throws Exception {
        start();
        try (FakeSwitch old = new FakeSwitch(port)) {
            old.send(OFFactories.getFactory(OFVersion.OF_10).buildHello().setXid(1).build());
            OFMessage first = old.receive();
            assertThat(first).isInstanceOf(OFHello.class);
            OFMessage second = old.receive();
            assertThat(second).isInstanceOf(OFErrorMsg.class);
            assertThat(((OFErrorMsg) second).getErrType().toString()).isEqualTo("HELLO_FAILED");
            assertThat(old.closedByPeerWithin(2000)).isTrue();
        }
        assertThat(registry.all()).isEmpty();
    }

    @Test
    void peerThatNeverFinishesTheHandshakeIsClosed() throws Exception {
        start();
        try (FakeSwitch mute = new FakeSwitch(port)) {
            assertThat(mute.closedByPeerWithin(4000)).isTrue();
        }
    }

    @Test
    void sameDatapathReconnectingReplacesTheStaleSession() throws Exception {
        start();
        try (FakeSwitch stale = new FakeSwitch(port); FakeSwitch fresh = new FakeSwitch(port)) {
            stale.handshake(0x42);
            SwitchHandle first = awaitRegistered(0x42);
            fresh.handshake(0x42);

            assertThat(stale.closedByPeerWithin(2000)).isTrue();
            SwitchHandle second = awaitRegistered(0x42);
            assertThat(second).isNotSameAs(first);
            assertThat(first.isConnected()).isFalse();
            assertThat(second.isConnected()).isTrue();
            // The registry publishes the new session before its listeners hear of it: wait for the events.
            long deadline = System.currentTimeMillis() + 5000;
            while (events.size() < 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            int stalePort = first.remoteAddress().getPort();
            int freshPort = second.remoteAddress().getPort();
            assertThat(events).containsExactly("connected 0000000000000042 " + stalePort,
                    "disconnected 0000000000000042 " + stalePort, "connected 0000000000000042 " + freshPort);
        }
    }

    @Test
    void switchThatStopsAnsweringEchoIsClosedAfterTheIdleTimeout() throws Exception {
        start(Duration.ofMillis(300), Duration.ofMillis(1000));
        try (FakeSwitch silent = new FakeSwitch(port)) {
            silent.handshake(0x7);
            awaitRegistered(7);
            // The fake no longer reads or answers: the controller's echo requests go unanswered.
            long start = System.nanoTime();
            assertThat(silent.closedByPeerWithin(5000)).isTrue();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMs).isGreaterThanOrEqualTo(700);
            awaitGone(7);
        }
    }
}
