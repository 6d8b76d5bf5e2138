package io.weft.topology;

import java.util.BitSet;
import java.util.OptionalInt;

/** Which VXLAN network identifiers are taken, and the lowest free automatic one. */
final class VniAllocator {
    private final BitSet used = new BitSet();

    boolean isUsed(int vni) {
        return used.get(vni);
    }

    /** The lowest free VNI from {@link Network#FIRST_AUTOMATIC_VNI} up, as Docker picks them. */
    OptionalInt lowestFree() {
        int vni = used.nextClearBit(Network.FIRST_AUTOMATIC_VNI);
        return vni <= Network.MAX_VNI ? OptionalInt.of(vni) : OptionalInt.empty();
    }

    void reserve(int vni) {
        if (used.get(vni)) {
            throw new IllegalStateException("vni " + vni + " is already reserved");
        }
        used.set(vni);
    }

    void release(int vni) {
        used.clear(vni);
    }
}
