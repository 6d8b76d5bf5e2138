package io.weft.controller.flow;

import java.util.List;

/**
 * An ordered list of changes sent to one switch and confirmed as a whole.
 *
 * <p>{@link Confirmation#BARRIER}: the changes are sent pipelined and followed by a barrier; the
 * switch applies each in order, and any that fails fails the transaction (those before it stay applied).
 *
 * <p>{@link Confirmation#ATOMIC_BUNDLE}: the changes go in an OpenFlow 1.4 bundle committed
 * atomically: either all are applied or none is, and packets never see a half-applied state.
 */
public record FlowTransaction(List<FlowOp> ops, Confirmation confirmation) {
    public enum Confirmation {
        BARRIER, ATOMIC_BUNDLE
    }

    public FlowTransaction {
        ops = List.copyOf(ops);
    }

    public static FlowTransaction ordered(List<FlowOp> ops) {
        return new FlowTransaction(ops, Confirmation.BARRIER);
    }

    public static FlowTransaction atomic(List<FlowOp> ops) {
        return new FlowTransaction(ops, Confirmation.ATOMIC_BUNDLE);
    }

    public int size() {
        return ops.size();
    }
}
