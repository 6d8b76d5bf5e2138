package io.weft.apps.rest;

import java.time.Duration;
import java.util.Objects;

/**
 * What the API serves beyond the topology, for operators: the Prometheus metrics ({@code GET /metrics}), packet
 * traces, the flows of a host by table, and what each request took (fed back into the metrics). The launcher gives
 * the real ones; {@link #NONE} serves none of them (404 with the reason).
 */
public record Diagnostics(MetricsSource metrics, RequestObserver requests, PacketTracer tracer,
                          FlowTablesSource flowTables) {
    public static final Diagnostics NONE = new Diagnostics(MetricsSource.NONE, RequestObserver.NONE,
            PacketTracer.NONE, FlowTablesSource.NONE);

    public Diagnostics {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(tracer, "tracer");
        Objects.requireNonNull(flowTables, "flowTables");
    }

    /** The metrics in a Prometheus exposition format. */
    public interface MetricsSource {
        MetricsSource NONE = new MetricsSource() {
            @Override
            public String contentType() {
                throw ApiProblemException.notFound("this controller exports no metrics");
            }

            @Override
            public byte[] scrape() {
                throw ApiProblemException.notFound("this controller exports no metrics");
            }
        };

        String contentType();

        byte[] scrape();
    }

    /** Told of every request once answered: its method, its route template (never the raw path), its status. */
    @FunctionalInterface
    public interface RequestObserver {
        RequestObserver NONE = (method, route, status, elapsed) -> {
        };

        void requestDone(String method, String route, int status, Duration elapsed);
    }

    /**
     * Walks a packet through the desired flows. The answer is a JSON-ready value. Throws {@link
     * java.util.NoSuchElementException} (404) for an unknown network or endpoint, {@link IllegalArgumentException}
     * (400) for a packet that cannot be built.
     */
    @FunctionalInterface
    public interface PacketTracer {
        PacketTracer NONE = query -> {
            throw ApiProblemException.notFound("this controller has no overlay to trace");
        };

        Object trace(TraceQuery query);
    }

    /** A host's desired flows grouped by table, with names and whether the switch confirmed each. JSON-ready. */
    @FunctionalInterface
    public interface FlowTablesSource {
        FlowTablesSource NONE = host -> java.util.Optional.empty();

        java.util.Optional<Object> tablesOf(String host);
    }
}
