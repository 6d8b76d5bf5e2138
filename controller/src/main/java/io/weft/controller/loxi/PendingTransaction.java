package io.weft.controller.loxi;

import io.weft.controller.flow.FlowOp;
import io.weft.controller.flow.FlowTransaction;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * A transaction on the wire: its messages carry xids {@code firstXid..finalXid}; the reply to
 * {@code finalXid} (barrier reply or bundle commit reply, or an error for it) ends it. Errors for
 * earlier xids are remembered, and the first one fails the transaction.
 */
final class PendingTransaction {
    final FlowTransaction transaction;
    final int firstXid;
    final int finalXid;
    /** Xid of the first op: ops are numbered from here. */
    final int firstOpXid;
    final CompletableFuture<Void> future;
    ScheduledFuture<?> timeout;
    RuntimeException firstError;
    boolean errorFromOp;

    PendingTransaction(FlowTransaction transaction, int firstXid, int firstOpXid, int finalXid,
                       CompletableFuture<Void> future) {
        this.transaction = transaction;
        this.firstXid = firstXid;
        this.firstOpXid = firstOpXid;
        this.finalXid = finalXid;
        this.future = future;
    }

    boolean covers(int xid) {
        return Integer.compareUnsigned(xid, firstXid) >= 0 && Integer.compareUnsigned(xid, finalXid) <= 0;
    }

    /** The op a message xid belongs to, or null for the barrier/bundle-control messages. */
    FlowOp opFor(int xid) {
        int index = xid - firstOpXid;
        return index >= 0 && index < transaction.ops().size() ? transaction.ops().get(index) : null;
    }
}
