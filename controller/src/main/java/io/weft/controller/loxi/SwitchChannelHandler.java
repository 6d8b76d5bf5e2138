package io.weft.controller.loxi;

import io.weft.controller.flow.ReceivedPacket;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.weft.controller.DatapathId;
import io.weft.controller.OpenFlowConfig;
import io.weft.controller.SwitchPort;
import io.weft.controller.SwitchRegistry;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per switch connection: answers echoes, probes idle peers, runs the handshake states, and hands
 * the channel to a {@link SwitchSession} once active. Any decoding error or protocol violation closes
 * this channel only.
 */
final class SwitchChannelHandler extends SimpleChannelInboundHandler<Object> implements HandshakeContext {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchChannelHandler.class);

    private final OpenFlowConfig config;
    private final SwitchRegistry registry;
    private final XidSource xids = new XidSource();
    private ChannelHandlerContext ctx;
    private HandshakeState state = new AwaitingHelloState();
    private OFFactory factory = OFFactories.getFactory(OFVersion.OF_13);
    private long datapathId = -1;
    private SwitchSession session;
    private ScheduledFuture<?> handshakeTimer;
    private long lastReadNanos = System.nanoTime();

    SwitchChannelHandler(OpenFlowConfig config, SwitchRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        this.ctx = context;
        LOG.debug("peer={} connected", peer());
        context.writeAndFlush(AwaitingHelloState.ourHello(nextXid()));
        handshakeTimer = context.executor().schedule(() -> {
            if (!state.isActive()) {
                fail("handshake not finished within " + config.handshakeTimeout() + " (stuck in " + state.name() + ")");
            }
        }, config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, Object received) {
        lastReadNanos = System.nanoTime();
        if (received instanceof StatsReply stats) {
            if (session != null) {
                session.onStats(stats);
            }
            return;
        }
        if (received instanceof ReceivedPacket packet) {
            if (session != null) {
                session.onPacketIn(packet);
            }
            return;
        }
        OFMessage msg = (OFMessage) received;
        if (msg instanceof OFEchoRequest echo) {
            context.writeAndFlush(OFFactories.getFactory(echo.getVersion()).buildEchoReply().setXid(echo.getXid())
                    .setData(echo.getData()).build());
            return;
        }
        if (msg instanceof OFEchoReply) {
            return;
        }
        HandshakeState before = state;
        state = state.onMessage(this, msg);
        if (state != before) {
            LOG.debug("peer={} {} -> {}", peer(), before.name(), state.name());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt instanceof IdleStateEvent) {
            long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastReadNanos);
            if (idleMillis >= config.idleTimeout().toMillis()) {
                fail("silent for " + idleMillis + " ms (idle timeout " + config.idleTimeout() + ")");
            } else {
                context.writeAndFlush(factory.buildEchoRequest().setXid(nextXid()).setData(new byte[0]).build());
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        fail(cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        if (session != null) {
            session.closed();
        } else {
            LOG.debug("peer={} closed during {}", peer(), state.name());
        }
    }

    // HandshakeContext

    @Override
    public void send(OFMessage msg) {
        ctx.writeAndFlush(msg);
    }

    @Override
    public long nextXid() {
        return Integer.toUnsignedLong(xids.next());
    }

    @Override
    public void fail(String reason) {
        if (ctx.channel().isOpen()) {
            LOG.warn("{} closing session: {}", peer(), reason);
            ctx.close();
        }
    }

    @Override
    public void versionNegotiated(OFFactory negotiated) {
        this.factory = negotiated;
    }

    @Override
    public OFFactory factory() {
        return factory;
    }

    @Override
    public void featuresReceived(long dpid) {
        this.datapathId = dpid;
    }

    @Override
    public HandshakeState activate(List<SwitchPort> ports) {
        handshakeTimer.cancel(false);
        session = new SwitchSession(ctx.channel(), factory, new DatapathId(datapathId), ports, registry,
                config.transactionTimeout(), xids);
        ActiveState active = new ActiveState(session);
        state = active;
        registry.activated(session);
        return active;
    }

    @Override
    public String peer() {
        String addr = String.valueOf(ctx.channel().remoteAddress());
        return datapathId == -1 ? "peer=" + addr : "dpid=" + new DatapathId(datapathId) + " peer=" + addr;
    }
}
