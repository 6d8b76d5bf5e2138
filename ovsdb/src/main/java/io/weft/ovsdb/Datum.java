package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A column value as a replica keeps it: plain Java values instead of a JSON tree. A host's replica holds a row per
 * port and interface, and as Jackson trees (an array node per set, map and pair, a text node per string) those rows
 * were most of the controller's memory per endpoint on real hosts. Frozen, a string atom is a {@code String}, an
 * integer a {@code Long}, a real a {@code Double}, a boolean a {@code Boolean}, a uuid a {@link Uuid}; a set is a
 * {@link UuidSet} (of references) or an {@link AtomSet}; a map an {@link AtomMap}. A one-element set stays the bare
 * atom it arrives as, as in the value notation. {@link #thaw} gives back exactly the JSON that was frozen.
 */
public final class Datum {
    private Datum() {
    }

    /** A uuid atom ({@code ["uuid", u]}). */
    public record Uuid(String value) {
    }

    /** A set of references: the uuids, in the order received. */
    public record UuidSet(List<String> uuids) {
    }

    /** A set of other atoms, in the order received. */
    public record AtomSet(List<Object> members) {
    }

    /** A map, its keys and values interleaved in the order received; read as a map of atoms' text. */
    public static final class AtomMap extends AbstractMap<String, String> {
        private final Object[] pairs;

        AtomMap(Object[] pairs) {
            this.pairs = pairs;
        }

        @Override
        public String get(Object key) {
            for (int i = 0; i < pairs.length; i += 2) {
                if (text(pairs[i]).equals(key)) {
                    return text(pairs[i + 1]);
                }
            }
            return null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return pairs.length / 2;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, String>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < pairs.length;
                        }

                        @Override
                        public Entry<String, String> next() {
                            if (!hasNext()) {
                                throw new NoSuchElementException();
                            }
                            Entry<String, String> e = Map.entry(text(pairs[next]), text(pairs[next + 1]));
                            next += 2;
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return pairs.length / 2;
                }
            };
        }

        Object[] pairs() {
            return pairs;
        }
    }

    /** The value notation's JSON as a frozen value. */
    public static Object freeze(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray() && v.size() == 2 && v.get(0).isTextual()) {
            switch (v.get(0).asText()) {
                case "uuid" -> {
                    return new Uuid(v.get(1).asText());
                }
                case "set" -> {
                    return freezeSet(v.get(1));
                }
                case "map" -> {
                    Object[] pairs = new Object[2 * v.get(1).size()];
                    int i = 0;
                    for (JsonNode pair : v.get(1)) {
                        // keys repeat in every row (iface-id, attached-mac...): one copy of each
                        pairs[i++] = pair.get(0).isTextual() ? pair.get(0).asText().intern() : freeze(pair.get(0));
                        pairs[i++] = freeze(pair.get(1));
                    }
                    return new AtomMap(pairs);
                }
                default -> {
                    // not value notation (a named-uuid, say): kept as received
                }
            }
        }
        if (v.isTextual()) {
            return v.asText().isEmpty() ? "" : v.asText();
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        return v.deepCopy();
    }

    private static Object freezeSet(JsonNode members) {
        boolean allUuids = true;
        for (JsonNode m : members) {
            allUuids &= m.isArray() && m.size() == 2 && "uuid".equals(m.get(0).asText());
        }
        if (allUuids && members.size() > 0) {
            List<String> uuids = new ArrayList<>(members.size());
            members.forEach(m -> uuids.add(m.get(1).asText()));
            return new UuidSet(List.copyOf(uuids));
        }
        Object[] out = new Object[members.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = freeze(members.get(i));
        }
        return new AtomSet(Arrays.asList(out));
    }

    /** The frozen value back in the value notation, exactly as it was received. */
    public static JsonNode thaw(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return TextNode.valueOf(s);
        }
        if (v instanceof Long l) {
            // as Jackson parses it: an int node when it fits (JSON nodes of different classes are never equal)
            return l == l.intValue() ? IntNode.valueOf(l.intValue()) : LongNode.valueOf(l);
        }
        if (v instanceof Double d) {
            return DoubleNode.valueOf(d);
        }
        if (v instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        if (v instanceof Uuid u) {
            return Atoms.uuid(u.value());
        }
        if (v instanceof UuidSet s) {
            ArrayNode inner = Json.array();
            s.uuids().forEach(u -> inner.add(Atoms.uuid(u)));
            return Json.array().add("set").add(inner);
        }
        if (v instanceof AtomSet s) {
            ArrayNode inner = Json.array();
            s.members().forEach(m -> inner.add(thaw(m)));
            return Json.array().add("set").add(inner);
        }
        if (v instanceof AtomMap m) {
            ArrayNode pairs = Json.array();
            for (int i = 0; i < m.pairs().length; i += 2) {
                pairs.add(Json.array().add(thaw(m.pairs()[i])).add(thaw(m.pairs()[i + 1])));
            }
            return Json.array().add("map").add(pairs);
        }
        return ((JsonNode) v).deepCopy();
    }

    /** The members of a set value (a bare atom is a one-element set; nothing is the empty set). */
    static List<?> setMembers(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof UuidSet s) {
            return s.uuids();
        }
        if (v instanceof AtomSet s) {
            return s.members();
        }
        return List.of(v);
    }

    /** An atom as text: a string itself, a uuid its value, a number or boolean as written. */
    static String text(Object atom) {
        if (atom instanceof String s) {
            return s;
        }
        if (atom instanceof Uuid u) {
            return u.value();
        }
        return atom instanceof JsonNode n ? n.asText() : String.valueOf(atom);
    }
}
