package io.weft.apps.rest;

import io.javalin.http.Context;
import io.weft.topology.Ipv4;
import io.weft.topology.MacAddress;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Handlers of {@code /metrics}, the packet trace and a host's flow tables. */
final class DiagnosticHandlers {
    private static final Set<String> TRACE_PARAMETERS = Set.of("from", "to", "proto", "dport", "srcMac", "srcIp",
            "dstMac", "ttl");

    private final Diagnostics diagnostics;
    private final ResponseWriter responses;
    private final io.weft.topology.Topology topology;
    private final String processId = Long.toHexString(new java.security.SecureRandom().nextLong());

    DiagnosticHandlers(Diagnostics diagnostics, io.weft.topology.Topology topology, ResponseWriter responses) {
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        this.topology = Objects.requireNonNull(topology, "topology");
        this.responses = Objects.requireNonNull(responses, "responses");
    }

    /**
     * The whole topology, with its version as the ETag: a page polling with {@code If-None-Match} gets 304 and no body
     * while nothing changed. The version is this process's (it starts again at a restart), so the tag carries a random
     * id of the process too: a page left open across a restart or a failover is sent the topology again.
     */
    void topology(Context ctx) {
        io.weft.topology.TopologySnapshot snapshot = topology.snapshot();
        String etag = "\"" + processId + "-" + snapshot.version() + "\"";
        ctx.header("ETag", etag);
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304).result("");
            return;
        }
        responses.json(ctx, 200, TopologyView.of(snapshot));
    }

    void metrics(Context ctx) {
        Diagnostics.MetricsSource source = diagnostics.metrics();
        byte[] body = source.scrape();
        ctx.status(200).contentType(source.contentType()).result(body);
    }

    void trace(Context ctx) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!TRACE_PARAMETERS.contains(name)) {
                throw ApiProblemException.badRequest("unknown query parameter '" + name + "'; a trace takes "
                        + String.join(", ", new java.util.TreeSet<>(TRACE_PARAMETERS)));
            }
        }
        String network = ctx.pathParam("network");
        topology.network(network).orElseThrow(() -> NetworkHandlers.networkNotFound(network));
        TraceQuery query;
        try {
            String from = Optional.ofNullable(ctx.queryParam("from")).filter(s -> !s.isBlank())
                    .orElseThrow(() -> new IllegalArgumentException("from (an endpoint's name or id) is required"));
            String to = Optional.ofNullable(ctx.queryParam("to")).filter(s -> !s.isBlank())
                    .orElseThrow(() -> new IllegalArgumentException("to (an IPv4 address) is required"));
            query = new TraceQuery(network, from, Ipv4.parse(to),
                    Optional.ofNullable(ctx.queryParam("proto")).orElse("icmp"),
                    optional(ctx, "dport", Integer::parseInt), optional(ctx, "srcMac", MacAddress::parse),
                    optional(ctx, "srcIp", Ipv4::parse), optional(ctx, "dstMac", MacAddress::parse),
                    optional(ctx, "ttl", Integer::parseInt).orElse(64));
        } catch (NumberFormatException e) {
            throw ApiProblemException.badRequest("not a number: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiProblemException.badRequest(e.getMessage());
        }
        try {
            responses.json(ctx, 200, diagnostics.tracer().trace(query));
        } catch (NoSuchElementException e) {
            throw ApiProblemException.notFound(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiProblemException.badRequest(e.getMessage());
        }
    }

    private static <T> Optional<T> optional(Context ctx, String name, Function<String, T> parse) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(parse.apply(value.trim()));
    }

    void flowTables(Context ctx) {
        String host = ctx.pathParam("host");
        topology.host(host).orElseThrow(() -> HostHandlers.hostNotFound(host));
        responses.json(ctx, 200, diagnostics.flowTables().tablesOf(host).orElse(Map.of("host", host, "tables",
                java.util.List.of())));
    }
}
