package io.weft.controller.flow;

/**
 * What a flow does, as one comparable value: a digest of its table, priority, match and instructions in a
 * canonical wire form (match fields sorted, all-ones masks dropped, value bits outside a mask cleared), so that the
 * flow a switch reports and the flow the controller means compare equal exactly when they behave the same. Cookies,
 * counters and timeouts are not part of it.
 */
public record FlowContent(long digest) {
    @Override
    public String toString() {
        return String.format("%016x", digest);
    }
}
