package io.weft.netguard;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose peer does not read what is sent to it: once more than the channel's high water mark is
 * waiting (set far above anything Weft sends at once), the peer is either dead or making the controller hold its
 * replies (an echo flood it never reads), and the memory is returned by closing.
 */
public final class UnreadPeerGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(UnreadPeerGuard.class);

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            LOG.warn("peer={} closing connection: it does not read, and over {} bytes are waiting for it",
                    ctx.channel().remoteAddress(), ctx.channel().config().getWriteBufferHighWaterMark());
            ctx.close();
        }
        ctx.fireChannelWritabilityChanged();
    }
}
