package io.weft.controller.loxi;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.weft.controller.OpenFlowConfig;
import io.weft.controller.SwitchRegistry;
import io.weft.netguard.ConnectionQuota;
import io.weft.netguard.UnreadPeerGuard;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Builds the pipeline of one switch connection: idle detection, framing, encoding, the switch handler. */
public final class OpenFlowChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final OpenFlowConfig config;
    private final SwitchRegistry registry;
    private final Optional<SslContext> tls;
    /** One per listener: it counts that listener's connections. */
    private final ConnectionQuota quota;

    public OpenFlowChannelInitializer(OpenFlowConfig config, SwitchRegistry registry, Optional<SslContext> tls) {
        this.config = config;
        this.registry = registry;
        this.tls = tls;
        this.quota = new ConnectionQuota("openflow", config.maxConnections(), config.maxConnectionsPerSource());
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.config().setTcpNoDelay(true);
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(config.maxPendingWriteBytes() / 2,
                config.maxPendingWriteBytes()));
        ch.pipeline().addLast("quota", quota);
        tls.ifPresent(context -> ch.pipeline().addLast("tls", context.newHandler(ch.alloc())));
        ch.pipeline()
                .addLast("unread", new UnreadPeerGuard())
                .addLast("idle", new IdleStateHandler(config.echoInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("frames", new OpenFlowFrameDecoder())
                .addLast("encoder", new OpenFlowMessageEncoder())
                .addLast("switch", new SwitchChannelHandler(config, registry));
    }
}
