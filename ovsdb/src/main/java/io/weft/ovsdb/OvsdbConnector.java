package io.weft.ovsdb;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.weft.ovsdb.wire.OvsdbChannelInitializer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active mode: connects to an OVSDB server ({@code tcp:HOST:PORT} or {@code unix:PATH}) and keeps
 * reconnecting with exponential backoff (100 ms doubling to 8 s) whenever the connection is lost.
 */
public final class OvsdbConnector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OvsdbConnector.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

    private final String target;
    private final SocketAddress address;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private volatile boolean closed;
    private volatile Channel channel;
    private Duration backoff = MIN_BACKOFF;

    public OvsdbConnector(String target, OvsdbConfig config, OvsdbConnectionHandler handler) {
        this(target, config, handler, Optional.empty());
    }

    /** {@code tls} is required for, and used only with, an {@code ssl:HOST:PORT} target. */
    public OvsdbConnector(String target, OvsdbConfig config, OvsdbConnectionHandler handler,
                          Optional<SslContext> tls) {
        if (target.startsWith("ssl:") && tls.isEmpty()) {
            throw new IllegalArgumentException("OVSDB target " + target + " needs TLS: the controller has none");
        }
        this.target = target;
        this.address = parse(target);
        this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        OvsdbConnectionHandler reconnecting = new OvsdbConnectionHandler() {
            @Override
            public void connected(OvsdbClient client) {
                backoff = MIN_BACKOFF;
                LOG.info("ovsdb connected to {}", target);
                handler.connected(client);
            }

            @Override
            public void disconnected(OvsdbClient client) {
                LOG.info("ovsdb connection to {} lost", target);
                handler.disconnected(client);
            }
        };
        this.bootstrap = new Bootstrap().group(group)
                .channel(address instanceof UnixDomainSocketAddress ? NioDomainSocketChannel.class
                        : NioSocketChannel.class)
                .handler(new OvsdbChannelInitializer(config, reconnecting,
                        target.startsWith("ssl:") ? tls : Optional.empty()));
    }

    /** Parses an OVS-style target: {@code tcp:IP:PORT}, {@code ssl:IP:PORT} or {@code unix:PATH}. */
    public static SocketAddress parse(String target) {
        if (target.startsWith("unix:")) {
            return UnixDomainSocketAddress.of(target.substring(5));
        }
        if (target.startsWith("tcp:") || target.startsWith("ssl:")) {
            String rest = target.substring(4);
            int colon = rest.lastIndexOf(':');
            if (colon <= 0) {
                return new InetSocketAddress(rest, OvsdbConfig.DEFAULT_PORT);
            }
            return new InetSocketAddress(rest.substring(0, colon), Integer.parseInt(rest.substring(colon + 1)));
        }
        throw new IllegalArgumentException("OVSDB target must be tcp:HOST:PORT, ssl:HOST:PORT or unix:PATH, not "
                + target);
    }

    public void start() {
        connect();
    }

    private void connect() {
        if (closed) {
            return;
        }
        ChannelFuture f = bootstrap.connect(address);
        channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                LOG.debug("ovsdb connect to {} failed: {}", target, done.cause().getMessage());
                scheduleReconnect();
            } else {
                // Whatever ends the connection (the peer, a failed TLS handshake, an idle timeout): try again.
                f.channel().closeFuture().addListener(ended -> scheduleReconnect());
            }
        });
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        Duration delay = backoff;
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        group.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        Channel c = channel;
        if (c != null) {
            c.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
