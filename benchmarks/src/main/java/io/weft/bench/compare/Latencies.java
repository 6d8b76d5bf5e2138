package io.weft.bench.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latency samples in milliseconds, with nearest-rank percentiles. */
record Latencies(List<Double> millis) {
    Latencies {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        millis = List.copyOf(sorted);
    }

    /** Both sets of samples together. */
    Latencies plus(Latencies other) {
        List<Double> all = new ArrayList<>(millis);
        all.addAll(other.millis);
        return new Latencies(all);
    }

    double percentile(double p) {
        if (millis.isEmpty()) {
            return Double.NaN;
        }
        return millis.get(Math.max(0, Math.min(millis.size() - 1, (int) Math.ceil(p * millis.size()) - 1)));
    }

    double p50() {
        return percentile(0.50);
    }

    double p99() {
        return percentile(0.99);
    }

    double max() {
        return millis.isEmpty() ? Double.NaN : millis.get(millis.size() - 1);
    }
}
