package io.weft.controller.loxi;

/** Hands out transaction ids for one channel; used only on that channel's event loop. */
final class XidSource {
    private int next = 1;

    int next() {
        return reserve(1);
    }

    /** Reserves {@code count} consecutive xids and returns the first. */
    int reserve(int count) {
        int first = next;
        next += count;
        return first;
    }
}
