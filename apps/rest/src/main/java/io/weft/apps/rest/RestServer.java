package io.weft.apps.rest;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.Javalin;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import io.weft.topology.Topology;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The northbound REST API v1 over HTTP or HTTPS: networks and endpoints (read and write), hosts and their flows (read only).
 * Every error is an RFC 9457 problem+json object. The routes and the OpenAPI document served at
 * {@code /api/v1/openapi.yaml} are kept equal by a test.
 */
public final class RestServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RestServer.class);

    private final String bindAddress;
    private final int port;
    private final RouteTable routes;
    private final Javalin app;
    private final String scheme;
    private boolean started;
    private boolean closed;

    /**
     * @param flows       where {@code GET /api/v1/hosts/{host}/flows} gets a host's flows
     * @param bindAddress the address to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
     * @param port        the TCP port; 0 picks a free one, see {@link #start()}
     */
    public RestServer(Topology topology, HostFlowsSource flows, String bindAddress, int port) {
        this(topology, flows, HostAdmission.withoutTls(topology), HostAuditor.NONE, RestSecurity.NONE, bindAddress,
                port);
    }

    /**
     * @param admission how hosts are admitted and removed (see {@link HostAdmission})
     * @param auditor   how a host's switch is audited on demand
     * @param security  HTTPS and bearer tokens, or neither (plaintext on loopback, or --insecure)
     */
    public RestServer(Topology topology, HostFlowsSource flows, HostAdmission admission, HostAuditor auditor,
                      RestSecurity security, String bindAddress, int port) {
        this(topology, flows, admission, auditor, security, bindAddress, port, ClusterStatusSource.SINGLE);
    }

    /** @param cluster what {@code GET /api/v1/cluster} shows */
    public RestServer(Topology topology, HostFlowsSource flows, HostAdmission admission, HostAuditor auditor,
                      RestSecurity security, String bindAddress, int port, ClusterStatusSource cluster) {
        this(topology, flows, admission, auditor, security, bindAddress, port, cluster, Diagnostics.NONE);
    }

    /** @param diagnostics the metrics, traces and flow tables served, and who hears of each request */
    public RestServer(Topology topology, HostFlowsSource flows, HostAdmission admission, HostAuditor auditor,
                      RestSecurity security, String bindAddress, int port, ClusterStatusSource cluster,
                      Diagnostics diagnostics) {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(flows, "flows");
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        this.port = port;
        ObjectMapper mapper = strictMapper();
        ResponseWriter responses = new ResponseWriter(mapper);
        Objects.requireNonNull(security, "security");
        this.scheme = security.tls().isPresent() ? "https" : "http";
        this.routes = ApiRoutes.create(topology, flows, admission, auditor, security.tokens(), new RequestBodyReader(mapper),
                responses, cluster, diagnostics);
        RequestGuard guard = new RequestGuard(security.tokens());
        ErrorResponses errors = new ErrorResponses(routes, responses);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = RequestBodyReader.MAX_BATCH_BODY_BYTES;
            // Requests Jetty refuses before Javalin sees them (bad URIs, huge headers) get problem+json too.
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblemErrorHandler(mapper)));
            config.requestLogger.http((ctx, millis) -> {
                log.debug("{} {} -> {} in {} ms", ctx.method().name(), ctx.path(), ctx.statusCode(), millis);
                String method = ctx.method().name();
                diagnostics.requests().requestDone(method, routes.templateOf(method, ctx.path()), ctx.statusCode(),
                        java.time.Duration.ofNanos((long) (millis * 1_000_000)));
            });
            security.tls().ifPresent(tls -> https(config, tls, bindAddress, port));
            routes.registerInto(config.routes, guard);
            TopologyPage.registerInto(config.routes);
            errors.registerInto(config.routes);
        });
    }

    /** Serves HTTPS only, with {@code tls}, on the address and port. */
    static void https(io.javalin.config.JavalinConfig config, javax.net.ssl.SSLContext tls, String bindAddress,
                      int port) {
        config.jetty.addConnector((server, http) -> {
            // Clients name the controller by whatever address or name they reach it at; the certificate's
            // names are checked by the client, so Jetty need not compare SNI with them.
            http.addCustomizer(new SecureRequestCustomizer(false));
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(tls);
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            ServerConnector https = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(http));
            https.setHost(bindAddress);
            https.setPort(port);
            return https;
        });
    }

    /** Request bodies must be exactly one JSON value with no repeated keys: anything else is a client error. */
    private static ObjectMapper strictMapper() {
        return JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /**
     * Binds and starts serving.
     *
     * @return the bound port, the free port picked if the constructor was given 0
     * @throws IllegalStateException if already started or closed
     */
    public synchronized int start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "REST server is closed" : "REST server is already started");
        }
        started = true;
        app.start(bindAddress, port);
        int bound = app.port();
        log.info("REST API listening on {}://{}:{}", scheme, bindAddress, bound);
        return bound;
    }

    /** Stops serving; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (started) {
            app.stop();
        }
    }

    /** The routes served, for the test that compares them with the OpenAPI document. */
    List<Route> routes() {
        return routes.routes();
    }
}
