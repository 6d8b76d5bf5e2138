package io.weft.ovsdb.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.weft.ovsdb.Json;
import io.weft.ovsdb.OvsdbConfig;
import io.weft.ovsdb.OvsdbConnectionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses each framed JSON value and hands it to the session; probes an idle peer and closes a dead
 * one. Any malformed input closes this connection only.
 */
final class JsonRpcHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcHandler.class);

    private final OvsdbConfig config;
    private final OvsdbConnectionHandler handler;
    private JsonRpcSession session;
    /** The handler was told of this session (after the TLS handshake, if any): it must hear of its end too. */
    private boolean announced;
    private long lastReadNanos = System.nanoTime();

    JsonRpcHandler(OvsdbConfig config, OvsdbConnectionHandler handler) {
        this.config = config;
        this.handler = handler;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session = new JsonRpcSession(ctx.channel(), config);
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            announce(ctx);
            return;
        }
        // Over TLS the peer is announced only once its certificate is verified: the handler decides what it is.
        tls.handshakeFuture().addListener(handshake -> {
            if (handshake.isSuccess()) {
                announce(ctx);
            } else {
                LOG.warn("ovsdb peer={} TLS handshake failed: {}", ctx.channel().remoteAddress(),
                        handshake.cause() == null ? "closed" : handshake.cause().getMessage());
                ctx.close();
            }
        });
    }

    private void announce(ChannelHandlerContext ctx) {
        LOG.debug("ovsdb peer={} connected", ctx.channel().remoteAddress());
        announced = true;
        handler.connected(session);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) throws IOException {
        lastReadNanos = System.nanoTime();
        JsonNode msg;
        try (InputStream in = new ByteBufInputStream(frame)) {
            msg = Json.MAPPER.readTree(in);
        }
        session.onMessage(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastReadNanos);
            if (idle >= config.idleTimeout().toMillis()) {
                LOG.warn("ovsdb peer={} silent for {} ms: closing", ctx.channel().remoteAddress(), idle);
                ctx.close();
            } else if (announced) {
                session.probe();
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("ovsdb peer={} closing connection: {}", ctx.channel().remoteAddress(),
                cause.getMessage() == null ? cause.toString() : cause.getMessage());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            session.onClosed();
            if (announced) {
                handler.disconnected(session);
            }
        }
    }
}
