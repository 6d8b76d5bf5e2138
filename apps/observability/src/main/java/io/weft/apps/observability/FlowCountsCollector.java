package io.weft.apps.observability;

import io.weft.apps.overlay.OverlayTable;
import io.weft.apps.overlay.TableFlowCount;
import io.weft.controller.flow.TableId;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code weft_flows_desired} and {@code weft_flows_confirmed}, from one count of the overlay's flows per scrape: two
 * gauges with a callback each asked the overlay twice for the same counts.
 */
final class FlowCountsCollector implements MultiCollector {
    private static final Logger LOG = LoggerFactory.getLogger(FlowCountsCollector.class);
    /** A scrape must not hang on a busy overlay worker: the flow gauges are left out after this. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Supplier<CompletableFuture<SortedMap<String, SortedMap<TableId, TableFlowCount>>>> flowCounts;

    FlowCountsCollector(Supplier<CompletableFuture<SortedMap<String, SortedMap<TableId, TableFlowCount>>>> flowCounts) {
        this.flowCounts = flowCounts;
    }

    @Override
    public MetricSnapshots collect() {
        SortedMap<String, SortedMap<TableId, TableFlowCount>> counts = counts();
        return MetricSnapshots.of(
                gauge("weft_flows_desired", "Flows Weft wants on the host's switch, by table", counts,
                        TableFlowCount::desired),
                gauge("weft_flows_confirmed", "Desired flows the host's switch has confirmed (barrier or bundle"
                        + " commit), by table", counts, TableFlowCount::confirmed));
    }

    private static GaugeSnapshot gauge(String name, String help,
                                       SortedMap<String, SortedMap<TableId, TableFlowCount>> counts,
                                       ToIntFunction<TableFlowCount> value) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        counts.forEach((host, tables) -> tables.forEach((table, c) -> gauge.dataPoint(
                GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value.applyAsInt(c))
                        .labels(Labels.of("host", host, "table", tableName(table))).build())));
        return gauge.build();
    }

    /** A label value: the table's name in lower case, or {@code tableN} for a table the overlay does not name. */
    static String tableName(TableId table) {
        return OverlayTable.of(table).map(t -> t.name().toLowerCase(java.util.Locale.ROOT))
                .orElse("table" + table.value());
    }

    /** A worker too busy to answer leaves the flow gauges out of that scrape rather than holding it (a gap shows). */
    private SortedMap<String, SortedMap<TableId, TableFlowCount>> counts() {
        try {
            return flowCounts.get().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TreeMap<>();
        } catch (Exception e) {
            LOG.warn("flow counts left out of this scrape: {}", e.toString());
            return new TreeMap<>();
        }
    }
}
