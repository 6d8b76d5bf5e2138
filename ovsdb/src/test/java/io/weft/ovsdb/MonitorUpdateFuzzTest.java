package io.weft.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.ovsdb.schema.BridgeRecord;
import io.weft.ovsdb.schema.InterfaceRecord;
import io.weft.ovsdb.schema.PortRecord;
import io.weft.ovsdb.schema.VswitchSchema;
import io.weft.ovsdb.schema.VswitchView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes what a host's ovsdb-server (or anything that connects to the OVSDB port) can put in a monitor's updates:
 * real {@code update2} contents of the tables Weft monitors, with values of the wrong type, missing or unknown
 * columns, unknown row operations and references to rows that do not exist. An update is either refused as a
 * protocol violation (which closes that session: IllegalArgumentException, IllegalStateException, OvsdbException)
 * or it is applied, and then every typed read Weft makes of the replica works. A longer run:
 * {@code mvn -pl ovsdb test -Dtest=MonitorUpdateFuzzTest -Djqwik.tries.default=200000}.
 */
class MonitorUpdateFuzzTest {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private static final DatabaseSchema SCHEMA = schema();

    @Property
    void anUpdateIsRefusedOrLeavesAReplicaEveryTypedReadWorksOn(@ForAll("updates") List<JsonNode> updates) {
        Update2Decoder decoder = new Update2Decoder(SCHEMA, VswitchSchema.hostMonitor());
        OvsdbReplica replica = new OvsdbReplica();
        for (JsonNode update : updates) {
            try {
                replica.apply(decoder.decode(update));
            } catch (IllegalArgumentException | IllegalStateException | OvsdbException refused) {
                return; // the session closes with the reason
            }
            readEverything(new VswitchView(replica));
        }
    }

    /**
     * Found by this fuzzer: a Bridge whose {@code ports} held a map of numbers was accepted, and reading the bridge
     * failed later, wherever it was read. Now the update itself is refused, naming the column.
     */
    @Example
    void aValueOfTheWrongTypeIsRefusedWhenItArrives() {
        ObjectNode update = initial();
        ((ObjectNode) update.get("Bridge").get("00000000-0000-0000-0000-0000000000b1").get("initial"))
                .set("ports", J.arrayNode().add("map").add(5519967027170503753L));
        Update2Decoder decoder = new Update2Decoder(SCHEMA, VswitchSchema.hostMonitor());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.decode(update))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column Bridge.ports: not a uuid or a set of them");
    }

    private static void readEverything(VswitchView view) {
        view.root().ifPresent(root -> assertThat(root.toString()).isNotNull());
        for (BridgeRecord bridge : view.bridges()) {
            view.controllers(bridge).forEach(c -> assertThat(c.toString()).isNotNull());
            for (PortRecord port : view.ports(bridge)) {
                for (InterfaceRecord i : view.interfaces(port)) {
                    i.usableOfport();
                }
            }
        }
    }

    @Provide
    Arbitrary<List<JsonNode>> updates() {
        return Arbitraries.randomValue(random -> {
            List<JsonNode> updates = new ArrayList<>();
            updates.add(mutate(initial(), random));
            for (int i = random.nextInt(3); i > 0; i--) {
                updates.add(mutate(modify(), random));
            }
            return updates;
        });
    }

    /** A host as Weft sees it: one bridge, one port, one interface, one controller. */
    private static ObjectNode initial() {
        ObjectNode u = J.objectNode();
        u.putObject("Open_vSwitch").putObject("00000000-0000-0000-0000-000000000001").set("initial", J.objectNode()
                .<ObjectNode>set("bridges", uuid("00000000-0000-0000-0000-0000000000b1"))
                .<ObjectNode>set("external_ids", map("system-id", "node1", "weft-tunnel-ip", "198.18.0.1")));
        u.putObject("Bridge").putObject("00000000-0000-0000-0000-0000000000b1").set("initial", J.objectNode()
                .put("name", "br-int").put("datapath_type", "netdev").put("fail_mode", "secure")
                .<ObjectNode>set("ports", uuid("00000000-0000-0000-0000-0000000000a1"))
                .<ObjectNode>set("controller", uuid("00000000-0000-0000-0000-0000000000c1"))
                .<ObjectNode>set("datapath_id", J.textNode("0000aabbccddeeff")));
        u.putObject("Port").putObject("00000000-0000-0000-0000-0000000000a1").set("initial", J.objectNode()
                .put("name", "tap1").<ObjectNode>set("interfaces", uuid("00000000-0000-0000-0000-0000000000e1")));
        u.putObject("Interface").putObject("00000000-0000-0000-0000-0000000000e1").set("initial", J.objectNode()
                .put("name", "tap1").put("type", "").put("ofport", 3)
                .<ObjectNode>set("external_ids", map("iface-id", "7d4c")));
        u.putObject("Controller").putObject("00000000-0000-0000-0000-0000000000c1").set("initial", J.objectNode()
                .put("target", "ssl:198.19.128.254:6653").put("is_connected", true));
        return u;
    }

    private static ObjectNode modify() {
        ObjectNode u = J.objectNode();
        u.putObject("Interface").putObject("00000000-0000-0000-0000-0000000000e1").set("modify", J.objectNode()
                .put("ofport", 4).<ObjectNode>set("external_ids", map("iface-id", "8e5d")));
        u.putObject("Bridge").putObject("00000000-0000-0000-0000-0000000000b1").set("modify", J.objectNode()
                .<ObjectNode>set("ports", J.arrayNode().add("set").add(J.arrayNode()
                        .add(J.arrayNode().add("uuid").add("00000000-0000-0000-0000-0000000000a2")))));
        return u;
    }

    private static JsonNode mutate(JsonNode update, Random random) {
        JsonNode copy = update.deepCopy();
        int edits = random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            List<ObjectNode> objects = new ArrayList<>();
            collect(copy, objects);
            ObjectNode target = objects.get(random.nextInt(objects.size()));
            List<String> names = new ArrayList<>();
            target.fieldNames().forEachRemaining(names::add);
            String name = names.isEmpty() ? "x" : names.get(random.nextInt(names.size()));
            switch (random.nextInt(4)) {
                case 0 -> target.set(name, randomValue(random, 2));
                case 1 -> target.remove(name);
                case 2 -> target.set(List.of("initial", "insert", "modify", "delete", "bogus", "ofport", "name")
                        .get(random.nextInt(7)), randomValue(random, 2));
                default -> {
                    JsonNode value = target.remove(name);
                    if (value != null) {
                        target.set(name + (random.nextBoolean() ? "" : "x"), value);
                    }
                }
            }
        }
        return copy;
    }

    private static void collect(JsonNode node, List<ObjectNode> objects) {
        if (node instanceof ObjectNode o) {
            objects.add(o);
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            collect(it.next(), objects);
        }
    }

    private static JsonNode randomValue(Random random, int depth) {
        switch (random.nextInt(depth > 0 ? 9 : 6)) {
            case 0: return J.nullNode();
            case 1: return J.booleanNode(random.nextBoolean());
            case 2: return J.numberNode(random.nextInt(20) - 5);
            case 3: return J.numberNode(random.nextLong());
            case 4: return J.textNode(List.of("", "map", "set", "uuid", "named-uuid", "br-int", "x").get(random.nextInt(7)));
            case 5: return J.numberNode(random.nextDouble());
            case 6: {
                ArrayNode a = J.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    a.add(randomValue(random, depth - 1));
                }
                return a;
            }
            case 7: return J.arrayNode().add(List.of("map", "set", "uuid").get(random.nextInt(3)))
                    .add(randomValue(random, depth - 1));
            default: {
                ObjectNode o = J.objectNode();
                o.set(List.of("initial", "modify", "name", "a").get(random.nextInt(4)), randomValue(random, depth - 1));
                return o;
            }
        }
    }

    private static JsonNode uuid(String uuid) {
        return J.arrayNode().add("uuid").add(uuid);
    }

    private static JsonNode map(String... keyValues) {
        ArrayNode pairs = J.arrayNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            pairs.add(J.arrayNode().add(keyValues[i]).add(keyValues[i + 1]));
        }
        return J.arrayNode().add("map").add(pairs);
    }

    private static DatabaseSchema schema() {
        try {
            return DatabaseSchema.parse(Json.MAPPER.readTree(Files.readString(
                    Path.of("/usr/share/openvswitch/vswitch.ovsschema"))));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Open vSwitch's schema is needed (apt-get install openvswitch-common)", e);
        }
    }
}
