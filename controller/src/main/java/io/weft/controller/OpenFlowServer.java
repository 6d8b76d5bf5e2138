package io.weft.controller;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.weft.controller.loxi.OpenFlowChannelInitializer;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The OpenFlow listener: switches connect here (OVS {@code set-controller tcp:ADDR:6653}, or {@code ssl:}). */
public final class OpenFlowServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenFlowServer.class);

    private final OpenFlowConfig config;
    private final SwitchRegistry registry;
    private final Optional<SslContext> tls;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;

    public OpenFlowServer(OpenFlowConfig config, SwitchRegistry registry) {
        this(config, registry, Optional.empty());
    }

    /** With {@code tls}, the port speaks only TLS (OVS controller targets {@code ssl:ADDR:PORT}). */
    public OpenFlowServer(OpenFlowConfig config, SwitchRegistry registry, Optional<SslContext> tls) {
        this.config = config;
        this.registry = registry;
        this.tls = tls;
    }

    /** Binds and returns the bound address (useful with port 0). */
    public InetSocketAddress start() throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        serverChannel = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new OpenFlowChannelInitializer(config, registry, tls))
                .bind(config.bindAddress(), config.port()).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("openflow listening on {}:{}{}", bound.getAddress().getHostAddress(), bound.getPort(),
                tls.isPresent() ? " (TLS, client certificates required)" : "");
        return bound;
    }

    public SwitchRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        for (SwitchHandle sw : registry.all()) {
            sw.disconnect();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
