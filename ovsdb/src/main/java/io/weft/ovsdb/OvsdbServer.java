package io.weft.ovsdb;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.weft.ovsdb.wire.OvsdbChannelInitializer;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Passive mode: hosts connect here after {@code ovs-vsctl set-manager tcp:CONTROLLER:6640} (or {@code ssl:}). */
public final class OvsdbServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OvsdbServer.class);

    private final String bindAddress;
    private final int port;
    private final OvsdbConfig config;
    private final OvsdbConnectionHandler handler;
    private final Optional<SslContext> tls;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;

    public OvsdbServer(String bindAddress, int port, OvsdbConfig config, OvsdbConnectionHandler handler) {
        this(bindAddress, port, config, handler, Optional.empty());
    }

    /** With {@code tls}, the port speaks only TLS (hosts join with {@code set-manager ssl:CONTROLLER:PORT}). */
    public OvsdbServer(String bindAddress, int port, OvsdbConfig config, OvsdbConnectionHandler handler,
                       Optional<SslContext> tls) {
        this.bindAddress = bindAddress;
        this.port = port;
        this.config = config;
        this.handler = handler;
        this.tls = tls;
    }

    public InetSocketAddress start() throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        serverChannel = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new OvsdbChannelInitializer(config, handler, tls, true))
                .bind(bindAddress, port).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("ovsdb listening on {}:{}{}", bound.getAddress().getHostAddress(), bound.getPort(),
                tls.isPresent() ? " (TLS, client certificates required)" : "");
        return bound;
    }

    @Override
    public synchronized void close() {
        // Idempotent: a test (or the launcher's shutdown hook after an explicit stop) may close it twice.
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workers = null;
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            boss = null;
        }
    }
}
