package io.weft.apps.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.apps.overlay.TableFlowCount;
import io.weft.controller.flow.TableId;
import io.weft.topology.Host;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import io.weft.topology.EndpointRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/observability.md cannot drift from the code: every Weft metric family a controller exports is described there,
 * and every one described is exported. And none carries an endpoint's identity as a label.
 */
class MetricsDocTest {
    private static final Path DOC = Path.of("../../docs/observability.md");

    private static String scrape() {
        Topology topology = Topology.inMemory();
        topology.upsertHost(Host.named("node1"));
        topology.createNetwork(NetworkRequest.of("net1", "10.1.0.0/24"));
        topology.createEndpoint("net1", EndpointRequest.of("web", "node1"));
        WeftMetrics metrics = new WeftMetrics(() -> true);
        SortedMap<TableId, TableFlowCount> tables = new TreeMap<>(Map.of(TableId.of(30),
                new TableFlowCount(TableId.of(30), 4, 3)));
        metrics.watch(topology, () -> 1, () -> CompletableFuture.completedFuture(new TreeMap<>(Map.of("node1",
                tables))));
        metrics.transactionDone("node1", 4, Duration.ofMillis(3), true);
        metrics.endpointInstalled(Duration.ofMillis(40));
        metrics.auditDone("node1", 0);
        metrics.requestDone("GET", "/api/v1/networks", 200, Duration.ofMillis(1));
        metrics.storeWrite(Duration.ofMillis(2));
        return new String(metrics.scrape(), StandardCharsets.UTF_8);
    }

    private static Set<String> families(String exposition) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^# TYPE (weft_\\w+) (\\w+)").matcher(exposition);
        while (m.find()) {
            names.add(m.group(1).replaceAll("_total$", "") + (m.group(2).equals("counter") ? "_total" : ""));
        }
        return names;
    }

    @Test
    void everyExportedFamilyIsDocumentedAndEveryDocumentedOneExported() throws Exception {
        String exposition = scrape();
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `(weft_\\w+)` \\|").matcher(Files.readString(DOC));
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(families(exposition)).isEqualTo(documented).hasSize(17);
    }

    @Test
    void theFlowGaugesNameTablesAndNoLabelNamesAnEndpoint() {
        String exposition = scrape();
        assertThat(exposition).contains("weft_flows_desired{host=\"node1\",table=\"l2_forwarding\"} 4.0")
                .contains("weft_flows_confirmed{host=\"node1\",table=\"l2_forwarding\"} 3.0")
                .contains("weft_endpoints{status=\"pending\"} 1.0").contains("jvm_memory_used_bytes");
        assertThat(exposition).doesNotContain("web").doesNotContain("10.1.0.");
        assertThat(exposition.lines().filter(l -> l.startsWith("weft_"))
                .flatMap(l -> Pattern.compile("(\\w+)=\"").matcher(l).results().map(r -> r.group(1))).distinct())
                .allMatch(Set.of("host", "session", "table", "status", "outcome", "method", "route", "le")::contains);
    }
}
