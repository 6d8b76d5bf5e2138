package io.weft.controller;

/** A switch's 64-bit datapath id, printed as OVS does in {@code Bridge.datapath_id}: 16 hex digits. */
public record DatapathId(long value) {
    public static DatapathId parse(String text) {
        String hex = text.replace(":", "").replace("\"", "");
        if (hex.startsWith("0x")) {
            hex = hex.substring(2);
        }
        if (hex.isEmpty() || hex.length() > 16) {
            throw new IllegalArgumentException("not a datapath id: " + text);
        }
        return new DatapathId(Long.parseUnsignedLong(hex, 16));
    }

    @Override
    public String toString() {
        return String.format("%016x", value);
    }
}
