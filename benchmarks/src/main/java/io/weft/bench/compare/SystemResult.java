package io.weft.bench.compare;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Everything measured for one system at one host count: {@code endpoints} timed after {@code warmup} untimed
 * ones (flows after count both; memory growth is over the timed ones). {@code restart} is null when not measured.
 */
record SystemResult(String system, int hosts, int endpoints, int warmup, Latencies apiToReady, Latencies plugToReady,
                    FlowTables.PerHost flowsBefore, FlowTables.PerHost flowsAfter, long rssBeforeKb,
                    Map<String, Long> rssAfterKb, OptionalLong heapBeforeKb, OptionalLong heapAfterKb,
                    RestartResult restart) {

    /** This round with another round's latency samples pooled in; everything else stays this round's. */
    SystemResult pooledWith(SystemResult later) {
        return new SystemResult(system, hosts, endpoints, warmup, apiToReady.plus(later.apiToReady),
                plugToReady.plus(later.plugToReady), flowsBefore, flowsAfter, rssBeforeKb, rssAfterKb, heapBeforeKb,
                heapAfterKb, restart);
    }

    long rssAfterTotalKb() {
        return rssAfterKb.values().stream().mapToLong(Long::longValue).sum();
    }
}
