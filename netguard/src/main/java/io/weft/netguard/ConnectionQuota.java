package io.weft.netguard;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the connections one listener holds, per source address and in all, so that no peer can pin the controller at
 * its file descriptor limit. A connection over a cap is closed before anything else (no TLS handshake, no protocol);
 * refusals are logged once a minute per source, not once per connection. Add one instance, first, to every channel
 * of a listener.
 */
@ChannelHandler.Sharable
public final class ConnectionQuota extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionQuota.class);
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf("weft.connection.quota");
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;
    private static final int MAX_REMEMBERED_SOURCES = 4096;

    private final String protocol;
    private final int maxTotal;
    private final int maxPerSource;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> bySource = new ConcurrentHashMap<>();
    private final Map<InetAddress, Long> lastLogged = new ConcurrentHashMap<>();

    /** @param protocol what the listener speaks, for the log ({@code openflow}, {@code ovsdb}) */
    public ConnectionQuota(String protocol, int maxTotal, int maxPerSource) {
        this.protocol = protocol;
        this.maxTotal = maxTotal;
        this.maxPerSource = maxPerSource;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress source = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        int fromSource = bySource.computeIfAbsent(source, s -> new AtomicInteger()).incrementAndGet();
        int all = total.incrementAndGet();
        ctx.channel().attr(COUNTED).set(source);
        if (fromSource > maxPerSource || all > maxTotal) {
            logRefusal(source, fromSource > maxPerSource
                    ? fromSource + " connections from " + source.getHostAddress() + " (limit " + maxPerSource + ")"
                    : all + " connections in all (limit " + maxTotal + ")");
            ctx.close();
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        InetAddress source = ctx.channel().attr(COUNTED).getAndSet(null);
        if (source != null) {
            total.decrementAndGet();
            bySource.computeIfPresent(source, (s, count) -> count.decrementAndGet() == 0 ? null : count);
        }
        ctx.fireChannelInactive();
    }

    private void logRefusal(InetAddress source, String why) {
        long now = System.nanoTime();
        if (lastLogged.size() > MAX_REMEMBERED_SOURCES) {
            lastLogged.clear(); // many sources at once: forget, rather than let the log memory grow
        }
        Long last = lastLogged.get(source);
        if (last == null || now - last > LOG_EVERY_NANOS) {
            lastLogged.put(source, now);
            LOG.warn("{} connection from {} refused: {}", protocol, source.getHostAddress(), why);
        }
    }
}
