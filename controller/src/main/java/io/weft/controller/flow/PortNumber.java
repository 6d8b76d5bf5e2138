package io.weft.controller.flow;

/** An OpenFlow 1.3 port number (32 bits), with the reserved ports the overlay uses. */
public record PortNumber(long value) {
    public static final PortNumber IN_PORT = new PortNumber(0xfffffff8L);
    public static final PortNumber ALL = new PortNumber(0xfffffffcL);
    public static final PortNumber CONTROLLER = new PortNumber(0xfffffffdL);
    public static final PortNumber LOCAL = new PortNumber(0xfffffffeL);
    public static final PortNumber ANY = new PortNumber(0xffffffffL);

    public PortNumber {
        if (value < 0 || value > 0xffffffffL) {
            throw new IllegalArgumentException("port number out of range: " + value);
        }
    }

    public static PortNumber of(long value) {
        return new PortNumber(value);
    }

    public boolean isReserved() {
        return value >= 0xffffff00L;
    }

    /** The port as ovs-ofctl writes it: a number, or IN_PORT/CONTROLLER/LOCAL/ALL/ANY. */
    @Override
    public String toString() {
        if (value == IN_PORT.value) {
            return "IN_PORT";
        } else if (value == ALL.value) {
            return "ALL";
        } else if (value == CONTROLLER.value) {
            return "CONTROLLER";
        } else if (value == LOCAL.value) {
            return "LOCAL";
        } else if (value == ANY.value) {
            return "ANY";
        }
        return Long.toString(value);
    }
}
