package io.weft.controller.flow;

/**
 * The actions Weft programs. Standard OpenFlow 1.3 actions plus the two Nicira extensions the overlay
 * needs (move and resubmit), which the wire layer encodes itself because Loxi lacks them.
 */
public sealed interface Action {

    /** Sends the packet out of a port (a number or a reserved port such as IN_PORT). */
    record Output(PortNumber port) implements Action {
        public Output {
            if (port.equals(PortNumber.ANY)) {
                throw new IllegalArgumentException("output to ANY is not a port");
            }
        }
    }

    /** Applies group {@code groupId} (e.g. a type=all flood group). */
    record Group(int groupId) implements Action {
        public Group {
            GroupSpec.checkId(groupId);
        }
    }

    /** OpenFlow 1.2+ set_field: writes a whole field. */
    record SetField(Field field, long value) implements Action {
        public SetField {
            if ((value & ~field.fullMask()) != 0) {
                throw new IllegalArgumentException(field.ofctlName() + " value wider than " + field.bits() + " bits");
            }
            if (field == Field.IN_PORT || field == Field.METADATA) {
                throw new IllegalArgumentException("set_field cannot write " + field.ofctlName()
                        + (field == Field.METADATA ? ": use write_metadata" : ""));
            }
        }
    }

    /** Nicira NXAST_REG_MOVE: copies {@code bits} bits from one field to another (the ARP responder swaps addresses). */
    record Move(Field src, int srcOffset, Field dst, int dstOffset, int bits) implements Action {
        public Move {
            src.nxmHeader();
            dst.nxmHeader();
            if (bits <= 0 || srcOffset < 0 || dstOffset < 0
                    || srcOffset + bits > src.bits() || dstOffset + bits > dst.bits()) {
                throw new IllegalArgumentException("move of " + bits + " bits from " + src.ofctlName() + "[" + srcOffset
                        + "] to " + dst.ofctlName() + "[" + dstOffset + "] is out of the fields' range");
            }
        }

        /** Moves all of {@code src} into {@code dst}; both must be the same width. */
        public static Move whole(Field src, Field dst) {
            if (src.bits() != dst.bits()) {
                throw new IllegalArgumentException(src.ofctlName() + " and " + dst.ofctlName() + " differ in width");
            }
            return new Move(src, 0, dst, 0, src.bits());
        }
    }

    /**
     * OpenFlow 1.3 DEC_NW_TTL: decrements the IPv4 TTL, as a router does; a packet whose TTL would reach zero is
     * dropped (and offered to a controller that asked for invalid-TTL packet-ins).
     */
    record DecNwTtl() implements Action {
    }

    /** Nicira NXAST_RESUBMIT_TABLE: looks the packet up again in {@code table} (with the current in_port). */
    record Resubmit(TableId table) implements Action {
    }

    static Action output(long port) {
        return new Output(PortNumber.of(port));
    }

    static Action output(PortNumber port) {
        return new Output(port);
    }

    static Action setField(Field field, long value) {
        return new SetField(field, value);
    }

    static Action decNwTtl() {
        return new DecNwTtl();
    }

    static Action group(int groupId) {
        return new Group(groupId);
    }
}
