package io.weft.controller.flow;

/**
 * A flow cookie: 64 opaque bits that the controller writes and the switch echoes back. Applications
 * give them structure (owner, generation, object); this type only carries the bits.
 */
public record Cookie(long value) {
    public static final Cookie NONE = new Cookie(0);

    public static Cookie of(long value) {
        return new Cookie(value);
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(value);
    }
}
