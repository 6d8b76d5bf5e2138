package io.weft.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A row as received (all monitored or selected columns), kept frozen ({@link Datum}): typed accessors read the
 * values directly, and {@link #get}/{@link #columns} give the value notation back for generic readers. Immutable;
 * a replica replaces a row on every change, so a row object also stands for one version of its row.
 */
public final class Row {
    private final String uuid;
    /** Column names (Jackson interns field names, so rows of a table share them) and their frozen values. */
    private final String[] names;
    private final Object[] values;

    private Row(String uuid, String[] names, Object[] values) {
        this.uuid = uuid;
        this.names = names;
        this.values = values;
    }

    /** The row's columns ({@code {"name": value, ...}} in the value notation), frozen. */
    public Row(String uuid, JsonNode columns) {
        this.uuid = uuid;
        int n = columns == null ? 0 : columns.size();
        this.names = new String[n];
        this.values = new Object[n];
        if (columns != null) {
            int i = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = columns.fields(); it.hasNext(); i++) {
                Map.Entry<String, JsonNode> c = it.next();
                names[i] = c.getKey();
                values[i] = Datum.freeze(c.getValue());
            }
        }
    }

    public String uuid() {
        return uuid;
    }

    /** The column's value in the value notation, or null if the row does not have it. */
    public JsonNode get(String column) {
        int i = indexOf(column);
        return i < 0 ? null : Datum.thaw(values[i]);
    }

    /** Every column in the value notation. */
    public JsonNode columns() {
        ObjectNode out = Json.object();
        for (int i = 0; i < names.length; i++) {
            out.set(names[i], Datum.thaw(values[i]));
        }
        return out;
    }

    public boolean has(String column) {
        return indexOf(column) >= 0;
    }

    /** This row with {@code changed}'s columns replacing or adding to its own (the same row, a newer version). */
    public Row with(Row changed) {
        String[] n = Arrays.copyOf(names, names.length + changed.names.length);
        Object[] v = Arrays.copyOf(values, values.length + changed.values.length);
        int size = names.length;
        for (int c = 0; c < changed.names.length; c++) {
            int i = indexOf(changed.names[c]);
            if (i >= 0) {
                v[i] = changed.values[c];
            } else {
                n[size] = changed.names[c];
                v[size++] = changed.values[c];
            }
        }
        return new Row(uuid, Arrays.copyOf(n, size), Arrays.copyOf(v, size));
    }

    /** This row with the given columns (value notation) replacing or adding to its own. */
    public Row with(ObjectNode changed) {
        return with(new Row(uuid, changed));
    }

    /** Whether {@code other} has every column this row has (a full row, not only the changed columns). */
    boolean coversColumnsOf(Row other) {
        for (String column : other.names) {
            if (indexOf(column) < 0) {
                return false;
            }
        }
        return true;
    }

    public String string(String column) {
        List<?> members = Datum.setMembers(value(column));
        return members.isEmpty() ? null : Datum.text(members.get(0));
    }

    /** An optional integer column (a set of 0 or 1 integers, e.g. Interface.ofport). */
    public OptionalLong optionalLong(String column) {
        List<?> members = Datum.setMembers(value(column));
        if (members.isEmpty()) {
            return OptionalLong.empty();
        }
        Object v = members.get(0);
        return OptionalLong.of(v instanceof Number n ? n.longValue() : Long.parseLong(Datum.text(v)));
    }

    /** A map column as its atoms' text, in the order received; read-only. */
    public Map<String, String> stringMap(String column) {
        Object v = value(column);
        return v instanceof Datum.AtomMap m ? m : Map.of();
    }

    public List<String> strings(String column) {
        return Datum.setMembers(value(column)).stream().map(Datum::text).toList();
    }

    public List<String> uuids(String column) {
        Object v = value(column);
        if (v instanceof Datum.UuidSet s) {
            return s.uuids();
        }
        if (v instanceof Datum.Uuid u) {
            return List.of(u.value());
        }
        if (v == null || v instanceof Datum.AtomSet s && s.members().isEmpty()) {
            return List.of();
        }
        throw new IllegalArgumentException("column " + column + " does not hold uuids");
    }

    private Object value(String column) {
        int i = indexOf(column);
        return i < 0 ? null : values[i];
    }

    private int indexOf(String column) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(column)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && Objects.equals(uuid, r.uuid) && columns().equals(r.columns());
    }

    @Override
    public int hashCode() {
        return Objects.hash(uuid, columns());
    }

    @Override
    public String toString() {
        return "Row[uuid=" + uuid + ", columns=" + columns() + "]";
    }
}
