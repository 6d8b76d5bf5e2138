package io.weft.apps.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.ovsdb.OvsdbConfig;
import io.weft.ovsdb.OvsdbConnector;
import io.weft.ovsdb.OvsdbServer;
import io.weft.testkit.OvsInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hosts join a passive OVSDB listener with the two documented commands and get provisioned. */
class HostProvisioningTest {
    private static final int OPENFLOW_PORT = 16653;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        scheduler.shutdownNow();
    }

    private record Controller(HostProvisioner provisioner, RecordingObserver observer, int port, OvsdbServer server) {
    }

    private Controller controller() throws Exception {
        RecordingObserver observer = new RecordingObserver();
        HostProvisioner provisioner = new HostProvisioner(ProvisioningConfig.defaults(OPENFLOW_PORT), observer,
                scheduler);
        OvsdbServer server = new OvsdbServer("127.0.0.1", 0, OvsdbConfig.defaults(), provisioner);
        int port = server.start().getPort();
        closeables.add(server);
        return new Controller(provisioner, observer, port, server);
    }

    private OvsInstance host(String name, String tunnelIp) throws Exception {
        OvsInstance ovs = OvsInstance.start(name);
        closeables.add(ovs);
        List<String> args = new ArrayList<>(List.of("set", "Open_vSwitch", ".", "external_ids:system-id=" + name,
                "external_ids:weft-datapath-type=dummy"));
        if (tunnelIp != null) {
            args.add("external_ids:weft-tunnel-ip=" + tunnelIp);
        }
        ovs.vsctl(args.toArray(String[]::new));
        return ovs;
    }

    private static void join(OvsInstance ovs, Controller c) throws Exception {
        ovs.vsctl("set-manager", "tcp:127.0.0.1:" + c.port());
    }

    /** The provisioned state as ovs-vsctl shows it, without per-host values. */
    private static String provisioned(OvsInstance ovs) throws Exception {
        return String.join("\n",
                ovs.vsctl("get", "Bridge", "br-int", "datapath_type", "fail_mode", "protocols"),
                ovs.vsctl("get", "Bridge", "br-int", "other_config:disable-in-band", "external_ids:weft-owned"),
                ovs.vsctl("get-controller", "br-int"),
                ovs.vsctl("list-ports", "br-int"),
                ovs.vsctl("get", "Interface", "weft-vxlan", "type", "ofport", "options:remote_ip", "options:key",
                        "options:dst_port"));
    }

    @Test
    void threeHostsJoinAndGetIdenticalIdempotentProvisioning() throws Exception {
        Controller c = controller();
        List<OvsInstance> hosts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            OvsInstance h = host("node" + i, "198.18.0." + i);
            hosts.add(h);
            join(h, c);
        }
        for (int i = 1; i <= 3; i++) {
            HostStatus s = c.observer().awaitHost("node" + i, h -> h.ready() && h.datapathId() != null);
            assertThat(s.tunnelIp()).isEqualTo("198.18.0." + i);
        }
        String expected = String.join("\n", "dummy\nsecure\n[OpenFlow13, OpenFlow14]", "\"true\"\n\"true\"",
                "tcp:127.0.0.1:" + OPENFLOW_PORT, "weft-vxlan",
                "vxlan\n4789\nflow\nflow\n\"4789\"");
        for (int i = 0; i < 3; i++) {
            assertThat(provisioned(hosts.get(i))).isEqualTo(expected);
            assertThat(hosts.get(i).vsctl("get", "Interface", "weft-vxlan", "options:local_ip"))
                    .isEqualTo("\"198.18.0." + (i + 1) + "\"");
            assertThat(hosts.get(i).vsctl("get", "Controller", "br-int", "max_backoff")).as("OpenFlow retry")
                    .isEqualTo("1000");
            assertThat(hosts.get(i).vsctl("get", "Manager", "tcp:127.0.0.1:" + c.port(), "max_backoff"))
                    .as("OVSDB retry").isEqualTo("1000");
        }
        assertThat(c.provisioner().transactionsSent()).isEqualTo(3);

        // This controller after a restart (a new one) finds nothing to change. The first one is stopped before: were
        // it still connected, it could give the new Manager rows their backoff itself, and the count below would be
        // a race between the two.
        String before = hosts.get(0).vsctl("list", "Bridge", "br-int");
        c.server().close();
        Controller again = controller();
        for (int i = 1; i <= 3; i++) {
            join(hosts.get(i - 1), again);
            again.observer().awaitHost("node" + i, HostStatus::ready);
        }
        // The new Manager row (set-manager made one) gets its backoff in a transaction of its own, which may follow
        // "ready": wait for all three, then give any further (wrong) transaction time to show.
        for (OvsInstance h : hosts) {
            awaitValue(h, "1000", "get", "Manager", "tcp:127.0.0.1:" + again.port(), "max_backoff");
        }
        Thread.sleep(500);
        // Only those: br-int and its controller stay as they are.
        assertThat(again.provisioner().transactionsSent()).isEqualTo(3);
        assertThat(hosts.get(0).vsctl("list", "Bridge", "br-int")).isEqualTo(before);
    }

    /**
     * A host provisioned by a Weft that left OVS's 8 s reconnect backoff gets 1 s in place: the Controller row is
     * updated, not replaced (a new row would cut the OpenFlow connection), and a host with two active managers keeps
     * theirs as they are.
     */
    @Test
    void anOlderHostGetsTheShortBackoffInPlaceAndOthersManagersAreLeftAlone() throws Exception {
        Controller c = controller();
        OvsInstance h = host("node7", "198.18.0.7");
        join(h, c);
        c.observer().awaitHost("node7", s -> s.ready() && s.datapathId() != null);
        String controllerRow = h.vsctl("get", "Bridge", "br-int", "controller");
        h.vsctl("clear", "Controller", "br-int", "max_backoff");
        String other = "tcp:127.0.0.1:1";

        Controller again = controller();
        h.vsctl("set-manager", "tcp:127.0.0.1:" + again.port(), other);
        again.observer().awaitHost("node7", HostStatus::ready);
        awaitValue(h, "1000", "get", "Controller", "br-int", "max_backoff");
        assertThat(h.vsctl("get", "Bridge", "br-int", "controller")).as("the same row").isEqualTo(controllerRow);
        assertThat(h.vsctl("get", "Manager", other, "max_backoff")).as("two managers: neither is touched")
                .isEqualTo("[]");
        assertThat(h.vsctl("get", "Manager", "tcp:127.0.0.1:" + again.port(), "max_backoff")).isEqualTo("[]");
    }

    private static void awaitValue(OvsInstance ovs, String expected, String... vsctl) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!ovs.vsctl(vsctl).equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ovs.vsctl(vsctl)).isEqualTo(expected);
    }

    /**
     * In a cluster the host lists every controller as a manager; br-int gets one OpenFlow target per manager, and a
     * changed list keeps the rows of the targets that stay (their OpenFlow connections are not cut).
     */
    @Test
    void aClusterHostGetsOneControllerTargetPerManagerAndKeepsTheRowsThatStay() throws Exception {
        RecordingObserver observer = new RecordingObserver();
        HostProvisioner provisioner = new HostProvisioner(ProvisioningConfig.defaults(OPENFLOW_PORT)
                .withTargetPerManager(true), observer, scheduler);
        OvsdbServer server = new OvsdbServer("127.0.0.1", 0, OvsdbConfig.defaults(), provisioner);
        int port = server.start().getPort();
        closeables.add(server);
        OvsInstance h = host("node8", "198.18.0.8");
        // The other two controllers are not running: their targets are written all the same.
        h.vsctl("set-manager", "tcp:127.0.0.1:" + port, "tcp:127.0.0.2:" + port, "tcp:127.0.0.3:" + port);
        observer.awaitHost("node8", s -> s.ready() && s.datapathId() != null);
        awaitValue(h, "tcp:127.0.0.1:16653\ntcp:127.0.0.2:16653\ntcp:127.0.0.3:16653", "get-controller", "br-int");
        assertThat(h.vsctl("--columns=max_backoff", "--data=bare", "--no-headings", "list", "Controller"))
                .isEqualTo("1000\n\n1000\n\n1000");
        String kept = controllerRow(h, "tcp:127.0.0.1:16653");
        // Every manager is one of the cluster's controllers: each retries within a second.
        awaitValue(h, "1000\n\n1000\n\n1000", "--columns=max_backoff", "--data=bare", "--no-headings", "list",
                "Manager");

        h.vsctl("set-manager", "tcp:127.0.0.1:" + port, "tcp:127.0.0.2:" + port);
        awaitValue(h, "tcp:127.0.0.1:16653\ntcp:127.0.0.2:16653", "get-controller", "br-int");
        assertThat(controllerRow(h, "tcp:127.0.0.1:16653")).as("the same row").isEqualTo(kept);
    }

    private static String controllerRow(OvsInstance h, String target) throws Exception {
        return h.vsctl("--columns=_uuid", "--data=bare", "--no-headings", "find", "Controller", "target=\"" + target
                + "\"");
    }

    @Test
    void activeModeProvisionsAHostTheControllerConnectsTo() throws Exception {
        RecordingObserver observer = new RecordingObserver();
        HostProvisioner provisioner = new HostProvisioner(ProvisioningConfig.defaults(OPENFLOW_PORT), observer,
                scheduler);
        OvsInstance h = host("node5", "198.18.0.5");
        OvsdbConnector connector = new OvsdbConnector("unix:" + h.dbSocket(), OvsdbConfig.defaults(), provisioner);
        closeables.add(connector);
        connector.start();

        observer.awaitHost("node5", s -> s.ready() && s.datapathId() != null);
        // Over a unix socket there is no IP to advertise: the configured fallback address is used.
        assertThat(h.vsctl("get-controller", "br-int")).isEqualTo("tcp:127.0.0.1:" + OPENFLOW_PORT);
        assertThat(h.vsctl("get", "Interface", "weft-vxlan", "ofport")).isEqualTo("4789");
    }

    @Test
    void provisioningLeavesOtherBridgesAndPortsAlone() throws Exception {
        Controller c = controller();
        OvsInstance h = host("node1", "198.18.0.1");
        h.vsctl("add-br", "br-other", "--", "set", "Bridge", "br-other", "datapath_type=dummy");
        h.vsctl("add-port", "br-other", "uplink", "--", "set", "Interface", "uplink", "type=dummy");
        String other = h.vsctl("list-ports", "br-other");
        join(h, c);
        c.observer().awaitHost("node1", s -> s.ready() && s.datapathId() != null);

        // an operator's own port on br-int survives a re-provision (triggered by a changed tunnel ip)
        h.vsctl("add-port", "br-int", "debug0", "--", "set", "Interface", "debug0", "type=dummy");
        h.vsctl("set", "Open_vSwitch", ".", "external_ids:weft-tunnel-ip=198.18.0.9");
        c.observer().awaitHost("node1", s -> "198.18.0.9".equals(s.tunnelIp()));
        long deadline = System.currentTimeMillis() + 10_000;
        while (!h.vsctl("get", "Interface", "weft-vxlan", "options:local_ip").equals("\"198.18.0.9\"")) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(h.vsctl("list-br")).isEqualTo("br-int\nbr-other");
        assertThat(h.vsctl("list-ports", "br-other")).isEqualTo(other);
        assertThat(h.vsctl("list-ports", "br-int")).isEqualTo("debug0\nweft-vxlan");
    }

    @Test
    void hostWithoutTunnelIpIsReportedNotReadyWithTheReason() throws Exception {
        Controller c = controller();
        OvsInstance h = host("node7", null);
        join(h, c);
        HostStatus s = c.observer().awaitHost("node7", st -> st.datapathId() != null);
        assertThat(s.ready()).isFalse();
        assertThat(s.notReadyReason()).isEqualTo("missing external_ids:weft-tunnel-ip");

        h.vsctl("set", "Open_vSwitch", ".", "external_ids:weft-tunnel-ip=not-an-ip");
        assertThat(c.observer().awaitHost("node7", st -> st.notReadyReason() != null
                && st.notReadyReason().contains("not an IPv4")).ready()).isFalse();

        h.vsctl("set", "Open_vSwitch", ".", "external_ids:weft-tunnel-ip=198.18.0.7");
        c.observer().awaitHost("node7", HostStatus::ready);
    }

    @Test
    void ovsdbServerRestartReconnectsAndReprovisions() throws Exception {
        Controller c = controller();
        OvsInstance h = host("node1", "198.18.0.1");
        join(h, c);
        c.observer().awaitHost("node1", s -> s.ready() && s.datapathId() != null);

        h.killDatabase();
        c.observer().awaitEvent(e -> e.equals("disconnected node1"));
        h.startDatabaseAgain();
        c.observer().awaitHost("node1", HostStatus::ready);

        h.vsctl("del-br", "br-int");
        long deadline = System.currentTimeMillis() + 15_000;
        while (!h.vsctl("list-br").equals("br-int")) {
            assertThat(System.currentTimeMillis()).as("br-int re-created").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(provisioned(h)).contains("weft-vxlan");
    }

    @Test
    void interfacePluggedWithIfaceIdIsReportedWithItsOfport() throws Exception {
        Controller c = controller();
        OvsInstance h = host("node1", "198.18.0.1");
        join(h, c);
        c.observer().awaitHost("node1", s -> s.ready() && s.datapathId() != null);

        h.vsctl("add-port", "br-int", "tap1", "--", "set", "Interface", "tap1", "type=dummy",
                "external_ids:iface-id=ep-1");
        String bound = c.observer().awaitEvent(e -> e.startsWith("bound node1 ep-1 "));
        String ofport = h.vsctl("get", "Interface", "tap1", "ofport");
        assertThat(bound).isEqualTo("bound node1 ep-1 " + ofport + " tap1");

        h.vsctl("del-port", "br-int", "tap1");
        c.observer().awaitEvent(e -> e.equals("unbound node1 ep-1"));
    }
}
