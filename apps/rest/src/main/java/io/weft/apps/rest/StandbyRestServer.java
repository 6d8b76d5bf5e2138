package io.weft.apps.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API of a standby controller (cluster mode): {@code GET /api/v1/cluster} shows the cluster, and every
 * other call is answered 503 with the leader's API address, in the detail and in the {@code Weft-Leader} header, so
 * a client (or a load balancer's health check) goes there. A standby serves no reads: it holds no topology until it
 * leads, and an answer from a copy that may lag the leader's would be the wrong one to build on. With TLS it serves
 * HTTPS only, with the same certificate as the leader's API; it needs no token, as it tells nothing secret.
 */
public final class StandbyRestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StandbyRestServer.class);
    public static final String LEADER_HEADER = "Weft-Leader";

    private final Javalin app;
    private final String bindAddress;
    private final int port;

    /** @param leaderApi the leader's API URL, when one is known */
    public StandbyRestServer(String bindAddress, int port, ClusterStatusSource cluster,
                             Supplier<java.util.Optional<String>> leaderApi,
                             java.util.Optional<javax.net.ssl.SSLContext> tls) {
        this.bindAddress = bindAddress;
        this.port = port;
        ResponseWriter responses = new ResponseWriter(new ObjectMapper());
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            tls.ifPresent(context -> RestServer.https(config, context, bindAddress, port));
            config.routes.get(ApiPaths.CLUSTER, ctx -> responses.json(ctx, 200, cluster.status()));
            config.routes.before(ctx -> {
                if (ctx.path().equals(ApiPaths.CLUSTER) && ctx.method().name().equals("GET")) {
                    return;
                }
                java.util.Optional<String> leader = leaderApi.get();
                leader.ifPresent(url -> ctx.header(LEADER_HEADER, url));
                ctx.header("Retry-After", "1");
                responses.problem(ctx, 503, leader.map(url -> "this controller is a standby; the leader's API is at "
                        + url).orElse("this controller is a standby and no leader is elected yet; retry shortly"));
                ctx.skipRemainingHandlers();
            });
        });
    }

    /** @return the bound port */
    public int start() {
        app.start(bindAddress, port);
        LOG.info("REST API of a standby on {}:{}", bindAddress, app.port());
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
