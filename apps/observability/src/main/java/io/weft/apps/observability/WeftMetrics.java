package io.weft.apps.observability;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.weft.apps.overlay.OverlayObserver;
import io.weft.apps.overlay.TableFlowCount;
import io.weft.apps.rest.Diagnostics;
import io.weft.controller.flow.TableId;
import io.weft.topology.ConnectionState;
import io.weft.topology.Endpoint;
import io.weft.topology.Host;
import io.weft.topology.Topology;
import io.weft.topology.TopologySnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Every metric the controller exports on {@code GET /metrics}, in one registry of its own (no global default
 * registry: two controllers in one JVM, as in the tests, keep theirs apart). Counters and histograms are fed by the
 * overlay ({@link OverlayObserver}), the REST server ({@link Diagnostics.RequestObserver}) and the store ({@link
 * TimedStateStore}); gauges are read at scrape time from the topology and the overlay. Labels are bounded: host
 * names, table names, route templates, statuses; never an endpoint's id or address. docs/metrics.md describes each.
 */
public final class WeftMetrics implements OverlayObserver, Diagnostics.RequestObserver, Diagnostics.MetricsSource {
    /** Latencies from 1 ms to 30 s: a flow-mod confirms in milliseconds, a resync of 100k flows in seconds. */
    private static final double[] SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
        30};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter transactions;
    private final Counter changes;
    private final Histogram transactionSeconds;
    private final Histogram installSeconds;
    private final Counter audits;
    private final Counter auditRepairs;
    private final Counter requests;
    private final Histogram requestSeconds;
    private final Histogram storeWriteSeconds;

    /**
     * The JVM's metrics, whether this controller leads, and the counters and histograms, fed from now on. The gauges of the topology and the overlay
     * come with {@link #watch}, once they exist (a cluster member has them only once it leads).
     */
    public WeftMetrics(java.util.function.BooleanSupplier leading) {
        JvmMetrics.builder().register(registry);
        GaugeWithCallback.builder().name("weft_cluster_leader")
                .help("1 while this controller leads (always, on its embedded store); 0 on a standby of a cluster")
                .callback(cb -> cb.call(leading.getAsBoolean() ? 1 : 0)).register(registry);
        transactions = Counter.builder().name("weft_openflow_transactions_total")
                .help("OpenFlow transactions (bundles or barrier-fenced batches) sent to a host's switch, by outcome")
                .labelNames("host", "outcome").register(registry);
        changes = Counter.builder().name("weft_openflow_changes_total")
                .help("Flow and group changes (adds, modifies, deletes) in confirmed OpenFlow transactions")
                .labelNames("host").register(registry);
        transactionSeconds = Histogram.builder().name("weft_openflow_transaction_seconds")
                .help("Time from sending an OpenFlow transaction to its confirmation or failure")
                .classicOnly().classicUpperBounds(SECONDS).register(registry);
        installSeconds = Histogram.builder().name("weft_endpoint_install_seconds")
                .help("Time from the controller learning of an endpoint's port to the endpoint being installed on"
                        + " every host that needs it")
                .classicOnly().classicUpperBounds(SECONDS).register(registry);
        audits = Counter.builder().name("weft_audits_total")
                .help("Audits of a host's switch that ran to the end").labelNames("host").register(registry);
        auditRepairs = Counter.builder().name("weft_audit_repairs_total")
                .help("Differences audits found between a switch and what Weft installed, each repaired")
                .labelNames("host").register(registry);
        requests = Counter.builder().name("weft_rest_requests_total")
                .help("REST requests answered, by method, route template and status")
                .labelNames("method", "route", "status").register(registry);
        requestSeconds = Histogram.builder().name("weft_rest_request_seconds")
                .help("Time to answer a REST request, by method and route template")
                .labelNames("method", "route").classicOnly().classicUpperBounds(SECONDS).register(registry);
        storeWriteSeconds = Histogram.builder().name("weft_store_write_seconds")
                .help("Time a change waited for the store to make it durable (journal fsync, or etcd commit)")
                .classicOnly().classicUpperBounds(SECONDS).register(registry);
    }

    /**
     * Registers the gauges read at each scrape; call once.
     *
     * @param topology    hosts, networks and endpoints
     * @param switches    how many OpenFlow switches are connected (known hosts or not)
     * @param flowCounts  each host's flows by table, desired and confirmed (the overlay's)
     */
    public void watch(Topology topology, IntSupplier switches,
                      Supplier<CompletableFuture<SortedMap<String, SortedMap<TableId, TableFlowCount>>>> flowCounts) {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(switches, "switches");
        Objects.requireNonNull(flowCounts, "flowCounts");
        GaugeWithCallback.builder().name("weft_host_session_up")
                .help("1 while the host's session of this kind (ovsdb, openflow) is connected, else 0")
                .labelNames("host", "session").callback(cb -> {
                    for (Host h : topology.snapshot().hosts().values()) {
                        cb.call(up(h.ovsdb()), h.name(), "ovsdb");
                        cb.call(up(h.openflow()), h.name(), "openflow");
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("weft_host_ready")
                .help("1 while the host can carry overlay traffic (both sessions, tunnel known and not down)")
                .labelNames("host").callback(cb -> topology.snapshot().hosts().values()
                        .forEach(h -> cb.call(io.weft.apps.rest.HostReadiness.whyNotReady(h).isEmpty() ? 1 : 0, h.name()))).register(registry);
        GaugeWithCallback.builder().name("weft_openflow_switches_connected")
                .help("OpenFlow switches connected to this controller, known hosts or not")
                .callback(cb -> cb.call(switches.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("weft_networks").help("Networks defined")
                .callback(cb -> cb.call(topology.snapshot().networks().size())).register(registry);
        GaugeWithCallback.builder().name("weft_endpoints").help("Endpoints, by status")
                .labelNames("status").callback(cb -> endpointsByStatus(topology.snapshot())
                        .forEach((status, n) -> cb.call(n, status))).register(registry);
        registry.register(new FlowCountsCollector(flowCounts));
    }

    private static double up(ConnectionState state) {
        return state == ConnectionState.CONNECTED ? 1 : 0;
    }

    private static Map<String, Integer> endpointsByStatus(TopologySnapshot snapshot) {
        Map<String, Integer> byStatus = new TreeMap<>();
        for (io.weft.topology.EndpointStatus s : io.weft.topology.EndpointStatus.values()) {
            byStatus.put(s.label(), 0);
        }
        for (Endpoint e : snapshot.endpoints().values()) {
            byStatus.merge(e.status().label(), 1, Integer::sum);
        }
        return byStatus;
    }


    @Override
    public void transactionDone(String host, int ops, Duration elapsed, boolean confirmed) {
        transactions.labelValues(host, confirmed ? "confirmed" : "failed").inc();
        if (confirmed) {
            changes.labelValues(host).inc(ops);
        }
        transactionSeconds.observe(seconds(elapsed));
    }

    @Override
    public void endpointInstalled(Duration sincePlug) {
        installSeconds.observe(seconds(sincePlug));
    }

    @Override
    public void auditDone(String host, int repairs) {
        audits.labelValues(host).inc();
        auditRepairs.labelValues(host).inc(repairs);
    }

    @Override
    public void requestDone(String method, String route, int status, Duration elapsed) {
        requests.labelValues(method, route, Integer.toString(status)).inc();
        requestSeconds.labelValues(method, route).observe(seconds(elapsed));
    }

    /** Told by {@link TimedStateStore} how long a change waited to be durable. */
    void storeWrite(Duration waited) {
        storeWriteSeconds.observe(seconds(waited));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    @Override
    public String contentType() {
        return writer.getContentType();
    }

    @Override
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
