package io.weft.ovsdb.wire;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.weft.netguard.ConnectionQuota;
import io.weft.netguard.UnreadPeerGuard;
import io.weft.ovsdb.OvsdbConfig;
import io.weft.ovsdb.OvsdbConnectionHandler;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Pipeline of one OVSDB connection. OVSDB has no framing: messages are JSON objects back to back,
 * so {@link BudgetedJsonObjectDecoder} splits them by brace depth (and rejects a non-JSON first byte, or an
 * over-long message, by closing the connection).
 */
public final class OvsdbChannelInitializer extends ChannelInitializer<Channel> {
    private final OvsdbConfig config;
    private final OvsdbConnectionHandler handler;
    private final Optional<SslContext> tls;
    /** One per listener: it counts that listener's connections. */
    private final Optional<ConnectionQuota> quota;
    /** One per listener (or connector): what its connections' partial messages may hold in all. */
    private final InputBudget inputBudget;

    public OvsdbChannelInitializer(OvsdbConfig config, OvsdbConnectionHandler handler) {
        this(config, handler, Optional.empty());
    }

    /** With {@code tls}, the connection is TLS from its first byte (OVS's {@code ssl:} targets). */
    public OvsdbChannelInitializer(OvsdbConfig config, OvsdbConnectionHandler handler, Optional<SslContext> tls) {
        this(config, handler, tls, false);
    }

    /** @param listener for a passive listener: its connections are counted against the config's limits */
    public OvsdbChannelInitializer(OvsdbConfig config, OvsdbConnectionHandler handler, Optional<SslContext> tls,
                                   boolean listener) {
        this.config = config;
        this.handler = handler;
        this.tls = tls;
        this.quota = listener
                ? Optional.of(new ConnectionQuota("ovsdb", config.maxConnections(), config.maxConnectionsPerSource()))
                : Optional.empty();
        this.inputBudget = new InputBudget(config.maxBufferedInputBytes());
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(config.maxPendingWriteBytes() / 2,
                config.maxPendingWriteBytes()));
        quota.ifPresent(q -> ch.pipeline().addLast("quota", q));
        tls.ifPresent(context -> ch.pipeline().addLast("tls", context.newHandler(ch.alloc())));
        ch.pipeline().addLast("unread", new UnreadPeerGuard());
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(config.probeInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("frames", new BudgetedJsonObjectDecoder(config.maxMessageBytes(), inputBudget))
                .addLast("jsonrpc", new JsonRpcHandler(config, handler));
    }
}
