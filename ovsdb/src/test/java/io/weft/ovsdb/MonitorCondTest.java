package io.weft.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.ovsdb.schema.BridgeRecord;
import io.weft.ovsdb.schema.InterfaceRecord;
import io.weft.ovsdb.schema.PortRecord;
import io.weft.ovsdb.schema.VswitchSchema;
import io.weft.ovsdb.schema.VswitchView;
import io.weft.testkit.OvsInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** monitor_cond with update2 diffs against a real ovsdb-server, checked against a plain monitor. */
class MonitorCondTest {
    private static final OvsdbConfig CONFIG = OvsdbConfig.defaults();
    private static final Map<String, MonitorRequest> HOST = VswitchSchema.hostMonitor();

    @Test
    void monitorCondReplicaEndsEqualToAPlainMonitorReplica() throws Exception {
        try (OvsInstance ovs = OvsInstance.start("db-cond")) {
            Connections condEvents = new Connections();
            Connections plainEvents = new Connections();
            try (OvsdbConnector condConnector = new OvsdbConnector("unix:" + ovs.dbSocket(), CONFIG, condEvents);
                 OvsdbConnector plainConnector = new OvsdbConnector("unix:" + ovs.dbSocket(), CONFIG, plainEvents)) {
                condConnector.start();
                plainConnector.start();
                FedReplica cond = new FedReplica();
                FedReplica plain = new FedReplica();
                cond.initial(condEvents.awaitConnected().monitorCond(VswitchSchema.DATABASE, "cond", HOST,
                        cond::update).get(10, TimeUnit.SECONDS));
                plain.initial(plainEvents.awaitConnected().monitor(VswitchSchema.DATABASE, "plain", HOST,
                        plain::update).get(10, TimeUnit.SECONDS));
                assertEqual(cond, plain);

                List<List<String>> steps = List.of(
                        List.of("add-br", "br0", "--", "set", "Bridge", "br0", "datapath_type=dummy"),
                        List.of("add-port", "br0", "p1", "--", "set", "Interface", "p1", "type=dummy",
                                "options:foo=1", "external_ids:iface-id=ep1"),
                        // set columns: one element (sent bare), two, then a different one
                        List.of("set", "Bridge", "br0", "protocols=OpenFlow13"),
                        List.of("set", "Bridge", "br0", "protocols=OpenFlow13,OpenFlow14"),
                        List.of("set", "Bridge", "br0", "protocols=OpenFlow10"),
                        // map columns: keys added, a value changed, a key removed
                        List.of("set", "Bridge", "br0", "external_ids:a=1", "external_ids:b=2"),
                        List.of("set", "Bridge", "br0", "external_ids:a=3"),
                        List.of("remove", "Bridge", "br0", "external_ids", "b"),
                        List.of("set", "Interface", "p1", "options:foo=2", "options:bar=x"),
                        List.of("remove", "Interface", "p1", "options", "foo"),
                        // optional scalars: set and cleared
                        List.of("set", "Interface", "p1", "ofport_request=10"),
                        List.of("set", "Bridge", "br0", "fail_mode=secure"),
                        List.of("clear", "Bridge", "br0", "fail_mode"),
                        // ports added and removed (Bridge.ports diffs, Port and Interface inserts and deletes)
                        List.of("add-port", "br0", "p2", "--", "add-port", "br0", "p3", "--",
                                "set", "Interface", "p3", "type=dummy"),
                        List.of("del-port", "br0", "p2"),
                        List.of("set-controller", "br0", "tcp:127.0.0.1:1"),
                        List.of("del-controller", "br0"),
                        List.of("add-br", "br1", "--", "set", "Bridge", "br1", "datapath_type=dummy"),
                        List.of("del-br", "br1"));
                for (List<String> step : steps) {
                    ovs.vsctl(step.toArray(String[]::new));
                    awaitEqual(cond, plain, String.join(" ", step));
                }
                // Equal replicas may both still be one update behind (equality holds before the last update
                // arrives too): wait for the last step's effect before reading the final state.
                FedReplica.await("br1 deleted in both replicas", () -> cond.size(VswitchSchema.BRIDGE) == 1
                        && plain.size(VswitchSchema.BRIDGE) == 1);
                awaitEqual(cond, plain, "the last step");

                cond.read(replica -> {
                    VswitchView view = new VswitchView(replica);
                    BridgeRecord br0 = view.bridge("br0").orElseThrow();
                    assertThat(view.bridges()).hasSize(1);
                    assertThat(br0.externalIds()).isEqualTo(Map.of("a", "3"));
                    assertThat(replica.row(VswitchSchema.BRIDGE, br0.uuid()).strings("protocols"))
                            .containsExactly("OpenFlow10");
                    assertThat(replica.row(VswitchSchema.BRIDGE, br0.uuid()).string("fail_mode")).isNull();
                    assertThat(view.ports(br0)).extracting(PortRecord::name)
                            .containsExactlyInAnyOrder("br0", "p1", "p3");
                    assertThat(replica.size(VswitchSchema.CONTROLLER)).isZero();
                    InterfaceRecord p1 = view.interfaces(br0).stream().filter(i -> i.name().equals("p1"))
                            .findFirst().orElseThrow();
                    assertThat(replica.row(VswitchSchema.INTERFACE, p1.uuid()).stringMap("options"))
                            .isEqualTo(Map.of("bar", "x"));
                    assertThat(replica.row(VswitchSchema.INTERFACE, p1.uuid()).optionalLong("ofport_request"))
                            .hasValue(10);
                    return null;
                });
            }
        }
    }

    @Test
    void monitorCondReplicaAppliesABurstOfAThousandInterfacesWithoutLoss() throws Exception {
        try (OvsInstance ovs = OvsInstance.start("db-cond-burst")) {
            ovs.vsctl("add-br", "br0", "--", "set", "Bridge", "br0", "datapath_type=dummy");
            Connections events = new Connections();
            try (OvsdbConnector connector = new OvsdbConnector("unix:" + ovs.dbSocket(), CONFIG, events)) {
                connector.start();
                OvsdbClient db = events.awaitConnected();
                FedReplica fed = new FedReplica();
                fed.initial(db.monitorCond(VswitchSchema.DATABASE, "burst", HOST, fed::update)
                        .get(10, TimeUnit.SECONDS));
                assertThat(fed.size(VswitchSchema.INTERFACE)).isEqualTo(1);

                List<String> args = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    args.addAll(List.of("--", "add-port", "br0", "burst" + i, "--", "set", "Interface", "burst" + i,
                            "type=dummy", "external_ids:iface-id=ep-" + i));
                }
                ovs.vsctl(args.toArray(String[]::new));
                FedReplica.await("1001 interfaces with ofports", () -> fed.read(r -> {
                    VswitchView view = new VswitchView(r);
                    return view.bridge("br0").map(br -> view.interfaces(br).stream()
                            .filter(i -> i.ofport().isPresent()).count() == 1001).orElse(false);
                }));
                fed.read(r -> {
                    VswitchView view = new VswitchView(r);
                    BridgeRecord br0 = view.bridge("br0").orElseThrow();
                    assertThat(view.ports(br0)).hasSize(1001);
                    assertThat(view.interfaces(br0)).extracting(i -> i.externalIds().get("iface-id"))
                            .filteredOn(Objects::nonNull).hasSize(1000).doesNotHaveDuplicates();
                    return null;
                });

                // and half of them removed again in one transaction: a 500-element set diff
                List<String> del = new ArrayList<>();
                for (int i = 0; i < 1000; i += 2) {
                    del.addAll(List.of("--", "del-port", "br0", "burst" + i));
                }
                ovs.vsctl(del.toArray(String[]::new));
                FedReplica.await("501 interfaces", () -> fed.size(VswitchSchema.INTERFACE) == 501);
                fed.read(r -> {
                    VswitchView view = new VswitchView(r);
                    BridgeRecord br0 = view.bridge("br0").orElseThrow();
                    assertThat(br0.ports()).hasSize(501);
                    assertThat(view.ports(br0)).extracting(PortRecord::name)
                            .allMatch(n -> n.equals("br0") || Integer.parseInt(n.substring(5)) % 2 == 1);
                    return null;
                });
            }
        }
    }

    @Test
    void whereConditionFiltersRows() throws Exception {
        try (OvsInstance ovs = OvsInstance.start("db-cond-where")) {
            ovs.vsctl("add-br", "br0", "--", "set", "Bridge", "br0", "datapath_type=dummy");
            Connections events = new Connections();
            try (OvsdbConnector connector = new OvsdbConnector("unix:" + ovs.dbSocket(), CONFIG, events)) {
                connector.start();
                OvsdbClient db = events.awaitConnected();
                MonitorRequest dummies = HOST.get(VswitchSchema.INTERFACE)
                        .where(List.of(Condition.equal("type", "dummy")));
                Map<String, MonitorRequest> tables = Map.of(VswitchSchema.INTERFACE, dummies);

                // plain monitor cannot filter, so it refuses rather than deliver every row
                assertThatThrownBy(() -> db.monitor(VswitchSchema.DATABASE, "plain", tables, u -> { })
                        .get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(IllegalArgumentException.class);

                FedReplica fed = new FedReplica();
                fed.initial(db.monitorBest(VswitchSchema.DATABASE, "dummies", tables, fed::update)
                        .get(10, TimeUnit.SECONDS));
                assertThat(fed.size(VswitchSchema.INTERFACE)).as("br0 is internal").isZero();

                ovs.vsctl("add-port", "br0", "p1", "--", "set", "Interface", "p1", "type=dummy",
                        "--", "add-port", "br0", "p2", "--", "set", "Interface", "p2", "type=dummy",
                        "--", "add-port", "br0", "p3", "--", "set", "Interface", "p3", "type=internal");
                FedReplica.await("p1 and p2", () -> names(fed).equals(List.of("p1", "p2")));

                // rows leaving the condition arrive as deletes, rows entering it as inserts
                ovs.vsctl("set", "Interface", "p2", "type=internal", "--", "set", "Interface", "p3", "type=dummy");
                FedReplica.await("p1 and p3", () -> names(fed).equals(List.of("p1", "p3")));
                ovs.vsctl("set", "Interface", "p3", "external_ids:k=v");
                FedReplica.await("p3 external_ids", () -> fed.read(r -> r.table(VswitchSchema.INTERFACE).values()
                        .stream().anyMatch(row -> row.stringMap("external_ids").equals(Map.of("k", "v")))));
                assertThat(names(fed)).containsExactly("p1", "p3");
            }
        }
    }

    private static List<String> names(FedReplica fed) {
        return fed.read(r -> r.table(VswitchSchema.INTERFACE).values().stream().map(row -> row.string("name"))
                .sorted().toList());
    }

    private static void assertEqual(FedReplica cond, FedReplica plain) {
        assertThat(cond.snapshot(HOST.keySet())).isEqualTo(plain.snapshot(HOST.keySet()));
    }

    /** Both monitors see the same commits, but each on its own connection: wait for both to catch up. */
    private static void awaitEqual(FedReplica cond, FedReplica plain, String step) throws InterruptedException {
        try {
            FedReplica.await("replicas equal after " + step,
                    () -> cond.snapshot(HOST.keySet()).equals(plain.snapshot(HOST.keySet())));
        } catch (AssertionError e) {
            assertEqual(cond, plain);
            throw e;
        }
    }
}
