package io.weft.controller.flow;

/** An OpenFlow table number, 0..254 (255 means "all tables" and is only valid in deletes: see {@link #ALL}). */
public record TableId(int value) implements Comparable<TableId> {
    /** OFPTT_ALL: only meaningful when deleting flows. */
    public static final TableId ALL = new TableId(255);

    public TableId {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("table id out of range 0..254: " + value);
        }
    }

    public static TableId of(int value) {
        if (value == 255) {
            throw new IllegalArgumentException("table 255 is OFPTT_ALL; use TableId.ALL in deletes");
        }
        return new TableId(value);
    }

    @Override
    public int compareTo(TableId o) {
        return Integer.compare(value, o.value);
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
