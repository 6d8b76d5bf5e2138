package io.weft.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.weft.ovsdb.schema.VswitchSchema;
import io.weft.ovsdb.schema.VswitchView;
import io.weft.testkit.OvsInstance;
import io.weft.testkit.UnreadFlood;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The OVSDB library against a real ovsdb-server: both connection modes, transact, monitor, robustness. */
class OvsdbClientTest {
    private static final OvsdbConfig CONFIG = OvsdbConfig.defaults();

    @Test
    void activeUnixConnectionListsDatabasesAndReadsTheSchema() throws Exception {
        try (OvsInstance ovs = OvsInstance.start("db-unix")) {
            Connections events = new Connections();
            try (OvsdbConnector connector = new OvsdbConnector("unix:" + ovs.dbSocket(), CONFIG, events)) {
                connector.start();
                OvsdbClient client = events.awaitConnected();
                assertThat(client.listDbs().get(10, TimeUnit.SECONDS)).contains("Open_vSwitch");
                JsonNode schema = client.getSchema("Open_vSwitch").get(10, TimeUnit.SECONDS);
                assertThat(schema.path("tables").has("Bridge")).isTrue();
                assertThat(schema.path("tables").has("Interface")).isTrue();
            }
        }
    }

    @Test
    void transactWithEveryOperationKind() throws Exception {
        try (OvsInstance ovs = OvsInstance.start("db-ops")) {
            Connections events = new Connections();
            try (OvsdbConnector connector = new OvsdbConnector("unix:" + ovs.dbSocket(), CONFIG, events)) {
                connector.start();
                OvsdbClient db = events.awaitConnected();
                String root = db.transact("Open_vSwitch", List.of(new Operation.Select("Open_vSwitch", List.of(),
                        List.of("_uuid")))).get(10, TimeUnit.SECONDS).get(0).rows().get(0).uuid();

                // insert a bridge with its port and interface, linked by named uuids, and hook it to the root
                List<OperationResult> inserted = db.transact("Open_vSwitch", List.of(
                        new Operation.Insert("Interface", Map.of("name", TextNode.valueOf("brx"),
                                "type", TextNode.valueOf("internal")), "iface"),
                        new Operation.Insert("Port", Map.of("name", TextNode.valueOf("brx"),
                                "interfaces", Atoms.namedUuid("iface")), "port"),
                        new Operation.Insert("Bridge", Map.of("name", TextNode.valueOf("brx"),
                                "ports", Atoms.namedUuid("port"),
                                "external_ids", Atoms.stringMap(Map.of("owner", "test"))), "bridge"),
                        new Operation.Mutate("Open_vSwitch", List.of(Condition.uuidIs(root)),
                                List.of(Mutation.insert("bridges", Atoms.namedUuid("bridge")))),
                        new Operation.Comment("weft test"))).get(10, TimeUnit.SECONDS);
                String bridgeUuid = inserted.get(2).uuid().orElseThrow();
                assertThat(ovs.vsctl("list-br")).isEqualTo("brx");
                assertThat(ovs.vsctl("get", "Bridge", "brx", "external_ids:owner")).isEqualTo("test");

                // update, then wait for the update to be visible, then select it back
                List<OperationResult> updated = db.transact("Open_vSwitch", List.of(
                        new Operation.Update("Bridge", List.of(Condition.equal("name", "brx")),
                                Map.of("fail_mode", TextNode.valueOf("secure"))),
                        new Operation.Wait("Bridge", 0, List.of(Condition.uuidIs(bridgeUuid)), List.of("fail_mode"),
                                "==", List.of(Map.of("fail_mode", TextNode.valueOf("secure")))),
                        new Operation.Select("Bridge", List.of(Condition.equal("name", "brx")),
                                List.of("name", "fail_mode")))).get(10, TimeUnit.SECONDS);
                assertThat(updated.get(0).count()).isEqualTo(1);
                assertThat(updated.get(2).rows().get(0).string("fail_mode")).isEqualTo("secure");

                // delete: unhook from the root (bridge, port and interface are then garbage collected)
                List<OperationResult> removed = db.transact("Open_vSwitch", List.of(
                        new Operation.Mutate("Open_vSwitch", List.of(Condition.uuidIs(root)),
                                List.of(Mutation.delete("bridges", Atoms.uuid(bridgeUuid)))),
                        new Operation.Delete("Bridge", List.of(Condition.uuidIs(bridgeUuid))))).get(10, TimeUnit.SECONDS);
                assertThat(removed.get(1).count()).isEqualTo(1);
                assertThat(ovs.vsctl("list-br")).isEmpty();
            }
        }
    }

    @Test
    void failedTransactionReportsTheOperationAndChangesNothing() throws Exception {
        try (OvsInstance ovs = OvsInstance.start("db-err")) {
            Connections events = new Connections();
            try (OvsdbConnector connector = new OvsdbConnector("unix:" + ovs.dbSocket(), CONFIG, events)) {
                connector.start();
                OvsdbClient db = events.awaitConnected();
                var future = db.transact("Open_vSwitch", List.of(
                        new Operation.Insert("Bridge", Map.of("name", TextNode.valueOf("ok")), null),
                        new Operation.Insert("Bridge", Map.of("no_such_column", IntNode.valueOf(1)), null)));
                assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(OvsdbException.class).hasMessageContaining("operation 1");
                assertThat(ovs.vsctl("--columns=name", "list", "Bridge")).isEmpty();
            }
        }
    }

    @Test
    void passiveModeAcceptsHostsThatSetManager() throws Exception {
        Connections events = new Connections();
        try (OvsdbServer server = new OvsdbServer("127.0.0.1", 0, CONFIG, events);
             OvsInstance ovs = OvsInstance.start("db-passive")) {
            int port = server.start().getPort();
            ovs.vsctl("set-manager", "tcp:127.0.0.1:" + port);
            OvsdbClient host = events.awaitConnected();
            assertThat(host.listDbs().get(10, TimeUnit.SECONDS)).contains("Open_vSwitch");
            assertThat(host.localAddress().toString()).contains(":" + port);
        }
    }

    @Test
    void aPeerThatFloodsEchoRequestsAndNeverReadsTheRepliesIsClosed() throws Exception {
        Connections events = new Connections();
        try (OvsdbServer server = new OvsdbServer("127.0.0.1", 0, CONFIG.withMaxPendingWriteBytes(1 << 20), events);
             Socket flooder = new Socket()) {
            int port = server.start().getPort();
            flooder.setReceiveBufferSize(4096);
            flooder.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = flooder.getOutputStream();
            byte[] request = ("{\"id\":1,\"method\":\"echo\",\"params\":[\"" + "x".repeat(60_000) + "\"]}")
                    .getBytes(StandardCharsets.US_ASCII);
            // 120 MB of echo requests whose replies are never read: without a cap the controller would hold them all.
            UnreadFlood flood = UnreadFlood.run(out, request, 2000);
            assertThat(flood.closed()).as("closed after %d bytes of echo requests", flood.sent()).isNotNull();
            assertThat(flood.sent()).isLessThan(60L << 20);
        }
    }

    @Test
    void connectionsOverTheCapFromOneSourceAreClosedAtOnce() throws Exception {
        Connections events = new Connections();
        try (OvsdbServer server = new OvsdbServer("127.0.0.1", 0, CONFIG.withConnectionLimits(100, 2), events)) {
            int port = server.start().getPort();
            // One after the other: the listener's worker threads may take simultaneous connections in any order.
            try (Socket first = new Socket("127.0.0.1", port)) {
                assertThat(stillOpen(first)).isTrue();
                try (Socket second = new Socket("127.0.0.1", port)) {
                    assertThat(stillOpen(second)).isTrue();
                    try (Socket third = new Socket("127.0.0.1", port)) {
                        assertThat(stillOpen(third)).as("over the cap").isFalse();
                    }
                }
            }
        }
    }

    @Test
    void peersSendingEndlessMessagesAreClosedOnceTheirPartialMessagesWouldPassTheListenersInputBudget()
            throws Exception {
        Connections events = new Connections();
        // messages of at most 1 MiB; 3 MiB of partial messages in all
        try (OvsdbServer server = new OvsdbServer("127.0.0.1", 0, CONFIG.withInputLimits(1 << 20, 3L << 20), events);
             OvsInstance ovs = OvsInstance.start("db-budget")) {
            int port = server.start().getPort();
            byte[] part = ("{\"id\":1,\"method\":\"echo\",\"params\":[\"" + "x".repeat(900_000))
                    .getBytes(StandardCharsets.US_ASCII);
            List<Socket> hogs = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    Socket hog = new Socket("127.0.0.1", port);
                    hogs.add(hog);
                    hog.getOutputStream().write(part); // 900 KB of a message that never ends
                    hog.getOutputStream().flush();
                    Thread.sleep(300);
                }
                long open = 0;
                for (Socket hog : hogs) {
                    open += stillOpen(hog) ? 1 : 0;
                }
                assertThat(open).as("three 900 KB partial messages fit in 3 MiB, a fourth does not").isEqualTo(3);
                // a real host still gets in: its messages are small
                events.connected.clear(); // the hogs' sessions
                ovs.vsctl("set-manager", "tcp:127.0.0.1:" + port);
                OvsdbClient host = events.awaitConnected();
                assertThat(host.listDbs().get(10, TimeUnit.SECONDS)).contains("Open_vSwitch");
            } finally {
                for (Socket hog : hogs) {
                    hog.close();
                }
            }
            // the hogs are gone and so is what they held: new ones fit again
            Thread.sleep(300);
            try (Socket again = new Socket("127.0.0.1", port)) {
                again.getOutputStream().write(part);
                again.getOutputStream().flush();
                Thread.sleep(300);
                assertThat(stillOpen(again)).isTrue();
            }
        }
    }

    /** True if the server keeps the connection open (nothing to read for half a second), false if it closed it. */
    private static boolean stillOpen(Socket socket) throws IOException {
        socket.setSoTimeout(500);
        try {
            return socket.getInputStream().read() != -1;
        } catch (java.net.SocketTimeoutException open) {
            return true;
        } catch (java.net.SocketException reset) {
            return false;
        }
    }

    @Test
    void garbageOnTheOvsdbPortClosesOnlyThatConnection() throws Exception {
        Connections events = new Connections();
        try (OvsdbServer server = new OvsdbServer("127.0.0.1", 0, CONFIG, events);
             OvsInstance ovs = OvsInstance.start("db-garbage")) {
            int port = server.start().getPort();
            ovs.vsctl("set-manager", "tcp:127.0.0.1:" + port);
            OvsdbClient host = events.awaitConnected();

            for (String garbage : List.of("GET / HTTP/1.1\r\n\r\n", "{\"method\": 5, \"id\": [}}",
                    "[1,2,3]", "{\"id\": 1}")) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(5000);
                    OutputStream out = s.getOutputStream();
                    out.write(garbage.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = s.getInputStream();
                    assertThat(in.read()).as("connection closed after %s", garbage).isEqualTo(-1);
                }
            }
            assertThat(host.isConnected()).isTrue();
            assertThat(host.listDbs().get(10, TimeUnit.SECONDS)).contains("Open_vSwitch");
        }
    }

    @Test
    void connectorReconnectsAfterTheServerIsKilledAndRestarted() throws Exception {
        try (OvsInstance ovs = OvsInstance.start("db-restart")) {
            Connections events = new Connections();
            try (OvsdbConnector connector = new OvsdbConnector("unix:" + ovs.dbSocket(), CONFIG, events)) {
                connector.start();
                OvsdbClient first = events.awaitConnected();
                ovs.killDatabase();
                assertThat(events.awaitDisconnected()).isSameAs(first);
                ovs.startDatabaseAgain();
                OvsdbClient second = events.awaitConnected();
                assertThat(second).isNotSameAs(first);
                assertThat(second.listDbs().get(10, TimeUnit.SECONDS)).contains("Open_vSwitch");
            }
        }
    }

    @Test
    void monitorReplicaAppliesABurstOfAThousandInterfacesWithoutLoss() throws Exception {
        try (OvsInstance ovs = OvsInstance.start("db-burst")) {
            ovs.vsctl("add-br", "br0", "--", "set", "Bridge", "br0", "datapath_type=dummy");
            Connections events = new Connections();
            try (OvsdbConnector connector = new OvsdbConnector("unix:" + ovs.dbSocket(), CONFIG, events)) {
                connector.start();
                OvsdbClient db = events.awaitConnected();
                OvsdbReplica replica = new OvsdbReplica();
                java.util.concurrent.atomic.AtomicInteger updates = new java.util.concurrent.atomic.AtomicInteger();
                TableUpdates initial = db.monitor(VswitchSchema.DATABASE, "burst", VswitchSchema.hostMonitor(), u -> {
                    synchronized (replica) {
                        replica.apply(u);
                    }
                    updates.incrementAndGet();
                }).get(10, TimeUnit.SECONDS);
                synchronized (replica) {
                    replica.apply(initial);
                    assertThat(replica.size(VswitchSchema.INTERFACE)).isEqualTo(1);
                }

                List<String> args = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    args.addAll(List.of("--", "add-port", "br0", "burst" + i, "--", "set", "Interface", "burst" + i,
                            "type=dummy", "external_ids:iface-id=ep-" + i));
                }
                ovs.vsctl(args.toArray(String[]::new));

                long deadline = System.currentTimeMillis() + 20_000;
                while (System.currentTimeMillis() < deadline) {
                    synchronized (replica) {
                        if (replica.size(VswitchSchema.INTERFACE) == 1001) {
                            break;
                        }
                    }
                    Thread.sleep(20);
                }
                synchronized (replica) {
                    VswitchView view = new VswitchView(replica);
                    var br0 = view.bridge("br0").orElseThrow();
                    assertThat(view.ports(br0)).hasSize(1001);
                    assertThat(view.interfaces(br0)).extracting(i -> i.externalIds().get("iface-id"))
                            .filteredOn(java.util.Objects::nonNull).hasSize(1000).doesNotHaveDuplicates();
                }
            }
        }
    }
}
