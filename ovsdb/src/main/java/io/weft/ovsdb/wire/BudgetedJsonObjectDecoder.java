package io.weft.ovsdb.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.json.JsonObjectDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits OVSDB's back-to-back JSON messages (as {@link JsonObjectDecoder}, which closes a connection whose message
 * grows past the largest allowed) and counts the bytes of the message still incomplete against the listener's
 * {@link InputBudget}: a connection whose next read would take the listener past it is closed and logged.
 */
final class BudgetedJsonObjectDecoder extends JsonObjectDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(BudgetedJsonObjectDecoder.class);

    private final InputBudget budget;
    /** What this connection holds of the budget: its buffered bytes after the last read. */
    private long held;

    BudgetedJsonObjectDecoder(int maxMessageBytes, InputBudget budget) {
        super(maxMessageBytes);
        this.budget = budget;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        long buffered = in.readableBytes();
        if (buffered > held) {
            if (!budget.tryTake(buffered - held)) {
                LOG.warn("ovsdb peer={} closed: the listener's input budget ({} MiB of partial messages across all"
                        + " connections) is spent, and this peer's message has {} KiB and is not complete",
                        ctx.channel().remoteAddress(), budget.limit() >> 20, buffered >> 10);
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            held = buffered;
        }
        super.decode(ctx, in, out);
        settle(in.readableBytes());
    }

    private void settle(long stillBuffered) {
        if (stillBuffered < held) {
            budget.giveBack(held - stillBuffered);
            held = stillBuffered;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        settle(0);
        super.handlerRemoved0(ctx);
    }
}
