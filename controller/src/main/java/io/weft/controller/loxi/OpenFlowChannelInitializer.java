package io.weft.controller.loxi;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.weft.controller.OpenFlowConfig;
import io.weft.controller.SwitchRegistry;
import java.util.concurrent.TimeUnit;

/** Builds the pipeline of one switch connection: idle detection, framing, encoding, the switch handler. */
public final class OpenFlowChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final OpenFlowConfig config;
    private final SwitchRegistry registry;

    public OpenFlowChannelInitializer(OpenFlowConfig config, SwitchRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.config().setTcpNoDelay(true);
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(config.echoInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("frames", new OpenFlowFrameDecoder())
                .addLast("encoder", new OpenFlowMessageEncoder())
                .addLast("switch", new SwitchChannelHandler(config, registry));
    }
}
