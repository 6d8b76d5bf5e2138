package io.weft.topology;

import java.util.BitSet;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

/**
 * Which addresses of one subnet are taken. A bit per address offset, so finding the lowest free one scans 64
 * addresses per word instead of walking the endpoints. The bitset only grows as far as the highest address in use,
 * so a /8 with a handful of endpoints stays small.
 */
final class AddressPool {
    private final Cidr subnet;
    /** Offset of the last address before broadcast; offset 0 is the network address. */
    private final int lastHostOffset;
    private final BitSet used = new BitSet();
    /** Every offset in [1, firstMaybeFree) is used: lookups start here, so a full prefix is not rescanned. */
    private int firstMaybeFree = 1;

    AddressPool(Cidr subnet, int gateway) {
        this.subnet = subnet;
        this.lastHostOffset = (int) (subnet.size() - 2);
        reserve(gateway);
    }

    /** True if {@code address} may be given to an endpoint at all: inside the subnet, not network or broadcast. */
    boolean isHostAddress(int address) {
        if (!subnet.contains(address)) {
            return false;
        }
        int offset = offsetOf(address);
        return offset >= 1 && offset <= lastHostOffset;
    }

    boolean isFree(int address) {
        return isHostAddress(address) && !used.get(offsetOf(address));
    }

    /** The lowest free host address that {@code acceptable} agrees to, if any. */
    OptionalInt lowestFree(IntPredicate acceptable) {
        firstMaybeFree = used.nextClearBit(firstMaybeFree);
        for (int offset = firstMaybeFree; offset <= lastHostOffset; offset = used.nextClearBit(offset + 1)) {
            int address = subnet.networkAddress() + offset;
            if (acceptable.test(address)) {
                return OptionalInt.of(address);
            }
        }
        return OptionalInt.empty();
    }

    void reserve(int address) {
        requireHostAddress(address);
        used.set(offsetOf(address));
    }

    void release(int address) {
        requireHostAddress(address);
        used.clear(offsetOf(address));
        firstMaybeFree = Math.min(firstMaybeFree, offsetOf(address));
    }

    private void requireHostAddress(int address) {
        if (!isHostAddress(address)) {
            throw new IllegalArgumentException(Ipv4.format(address) + " is not a host address of " + subnet);
        }
    }

    private int offsetOf(int address) {
        return address - subnet.networkAddress();
    }
}
