package io.weft.apps.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API of a standby controller (cluster mode). {@code GET /api/v1/cluster} shows the cluster as this member
 * sees it, and {@code GET /metrics} this member's own metrics (with a token, as on the leader); every other call is forwarded to the leader, with its method, path, body and credentials, and the
 * leader's answer is returned as it came, with a {@code Weft-Leader} header naming the leader's API. A client can
 * therefore use any member: a read is answered from the leader's state, never from a copy that may lag it, and a
 * write is made at the leader. While no leader is known, or the one known does not answer (it is being replaced),
 * the answer is 503 with {@code Retry-After: 1} and the reason. A call already forwarded once is not forwarded
 * again (two members with stale views cannot bounce it between them). With TLS it serves HTTPS only, with the same
 * certificate as the leader's API, and checks the leader's against the cluster's CA.
 */
public final class StandbyRestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StandbyRestServer.class);
    public static final String LEADER_HEADER = "Weft-Leader";
    static final String FORWARDED_HEADER = "Weft-Forwarded-By";
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(30);
    /** What is passed on each way; hop-by-hop headers (Connection, Content-Length, ...) are the client's own. */
    private static final List<String> REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Accept");
    private static final List<String> RESPONSE_HEADERS = List.of("Content-Type", "WWW-Authenticate", "Location",
            "Retry-After");

    private final Javalin app;
    private final String bindAddress;
    private final int port;
    private final HttpClient http;
    private final Supplier<Optional<String>> leaderApi;
    private final ResponseWriter responses = new ResponseWriter(new ObjectMapper());

    /**
     * @param leaderApi the leader's API URL, when one is known
     * @param tls       this member's HTTPS (server) context, if the cluster runs with TLS
     * @param leaderTls how to reach the leader's HTTPS API (trusting the cluster's CA), if it does
     */
    public StandbyRestServer(String bindAddress, int port, ClusterStatusSource cluster,
                             Supplier<Optional<String>> leaderApi, Optional<javax.net.ssl.SSLContext> tls,
                             Optional<javax.net.ssl.SSLContext> leaderTls) {
        this(bindAddress, port, cluster, leaderApi, tls, leaderTls, Diagnostics.MetricsSource.NONE, Optional.empty());
    }

    /**
     * @param metrics this member's own metrics, served at {@code /metrics} (a standby's are its own, not the
     *                leader's: Prometheus scrapes every member)
     * @param tokens  how the tokens of {@code /metrics} calls are checked (the cluster's), if the cluster has any
     */
    public StandbyRestServer(String bindAddress, int port, ClusterStatusSource cluster,
                             Supplier<Optional<String>> leaderApi, Optional<javax.net.ssl.SSLContext> tls,
                             Optional<javax.net.ssl.SSLContext> leaderTls, Diagnostics.MetricsSource metrics,
                             Optional<ApiTokens> tokens) {
        RequestGuard guard = new RequestGuard(tokens);
        this.bindAddress = bindAddress;
        this.port = port;
        this.leaderApi = leaderApi;
        HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2));
        leaderTls.ifPresent(client::sslContext);
        this.http = client.build();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = RequestBodyReader.MAX_BATCH_BODY_BYTES;
            tls.ifPresent(context -> RestServer.https(config, context, bindAddress, port));
            config.routes.get(ApiPaths.CLUSTER, ctx -> responses.json(ctx, 200, cluster.status()));
            config.routes.get(ApiPaths.METRICS, ctx -> {
                guard.check(ctx, Access.READ);
                ctx.status(200).contentType(metrics.contentType()).result(metrics.scrape());
            });
            config.routes.exception(ApiProblemException.class,
                    (e, ctx) -> ErrorResponses.problem(e, ctx, responses));
            config.routes.before(ctx -> {
                if ((ctx.path().equals(ApiPaths.CLUSTER) || ctx.path().equals(ApiPaths.METRICS))
                        && ctx.method().name().equals("GET")) {
                    return;
                }
                forward(ctx);
                ctx.skipRemainingHandlers();
            });
        });
    }

    private void forward(Context ctx) {
        Optional<String> leader = leaderApi.get();
        if (leader.isEmpty()) {
            ctx.header("Retry-After", "1");
            responses.problem(ctx, 503, "this controller is a standby and no leader is elected yet; retry shortly");
            return;
        }
        ctx.header(LEADER_HEADER, leader.get());
        if (ctx.header(FORWARDED_HEADER) != null) {
            ctx.header("Retry-After", "1");
            responses.problem(ctx, 503, "this controller is a standby and the call was already forwarded once; the"
                    + " leader's API is at " + leader.get());
            return;
        }
        String query = ctx.queryString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(leader.get() + ctx.path()
                        + (query == null ? "" : "?" + query))).timeout(FORWARD_TIMEOUT)
                .header(FORWARDED_HEADER, "standby")
                .method(ctx.method().name(), HttpRequest.BodyPublishers.ofByteArray(ctx.bodyAsBytes()));
        for (String name : REQUEST_HEADERS) {
            String value = ctx.header(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        try {
            HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            ctx.status(answer.statusCode());
            for (String name : RESPONSE_HEADERS) {
                answer.headers().firstValue(name).ifPresent(value -> ctx.header(name, value));
            }
            ctx.result(answer.body());
        } catch (IOException e) {
            ctx.header("Retry-After", "1");
            responses.problem(ctx, 503, "this controller is a standby and the leader at " + leader.get()
                    + " did not answer (" + e.getMessage() + "); retry shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            responses.problem(ctx, 503, "interrupted while forwarding to the leader");
        }
    }

    /** @return the bound port */
    public int start() {
        app.start(bindAddress, port);
        LOG.info("REST API of a standby on {}:{}, forwarding to the leader", bindAddress, app.port());
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
