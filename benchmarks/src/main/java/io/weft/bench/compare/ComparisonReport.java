package io.weft.bench.compare;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the side-by-side tables (markdown), every OVN figure also as a ratio to Weft's in the same run. */
final class ComparisonReport {
    /** Weft's and OVN's results at one host count. */
    record Pair(SystemResult weft, SystemResult ovn) {
    }

    private final PrintStream out;

    ComparisonReport(PrintStream out) {
        this.out = out;
    }

    void print(List<Pair> pairs) {
        readiness(pairs);
        flows(pairs);
        memory(pairs);
        if (pairs.stream().anyMatch(p -> p.weft().restart() != null)) {
            restart(pairs);
        }
    }

    private void readiness(List<Pair> pairs) {
        out.println();
        out.println("Time to ready, one endpoint at a time (a = API call, b = Interface row with iface-id seen,"
                + " c = weft-installed / ovn-installed seen; ratio = OVN / Weft)");
        out.println();
        out.println("| hosts | samples | system | a->c p50 | a->c p99 | b->c p50 | b->c p99 | b->c max |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (Pair p : pairs) {
            readinessRow(p.weft());
            readinessRow(p.ovn());
            out.printf(Locale.ROOT, "| %d | %d | ratio OVN/Weft | %.2fx | %.2fx | %.2fx | %.2fx | %.2fx |%n",
                    p.weft().hosts(), p.weft().apiToReady().millis().size(),
                    p.ovn().apiToReady().p50() / p.weft().apiToReady().p50(),
                    p.ovn().apiToReady().p99() / p.weft().apiToReady().p99(),
                    p.ovn().plugToReady().p50() / p.weft().plugToReady().p50(),
                    p.ovn().plugToReady().p99() / p.weft().plugToReady().p99(),
                    p.ovn().plugToReady().max() / p.weft().plugToReady().max());
        }
    }

    /** For a run of one system alone (diagnosis at sizes the other cannot reach): its readiness only. */
    void printAlone(SystemResult r) {
        out.println();
        out.println("| hosts | samples | system | a->c p50 | a->c p99 | b->c p50 | b->c p99 | b->c max |");
        out.println("|---|---|---|---|---|---|---|---|");
        readinessRow(r);
        out.println();
        out.println("| hosts | endpoints | system | RSS before | RSS after | RSS per endpoint | live heap before -> after"
                + " (per endpoint) | processes after |");
        out.println("|---|---|---|---|---|---|---|---|");
        memoryRow(r);
    }

    private void readinessRow(SystemResult r) {
        out.printf(Locale.ROOT, "| %d | %d | %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n", r.hosts(),
                r.apiToReady().millis().size(), r.system(), r.apiToReady().p50(), r.apiToReady().p99(), r.plugToReady().p50(),
                r.plugToReady().p99(), r.plugToReady().max());
    }

    private void flows(List<Pair> pairs) {
        out.println();
        out.println("Flows on br-int per host, same topology (before = networks only, after = all endpoints,"
                + " warm-up included)");
        out.println();
        out.println("| hosts | endpoints | system | flows/host before | flows/host after (mean) | max | groups/host |");
        out.println("|---|---|---|---|---|---|---|");
        for (Pair p : pairs) {
            flowsRow(p.weft());
            flowsRow(p.ovn());
            out.printf(Locale.ROOT, "| %d | %d | ratio OVN/Weft | %.2fx | %.2fx | %.2fx | |%n", p.weft().hosts(),
                    p.weft().endpoints() + p.weft().warmup(), p.ovn().flowsBefore().meanFlows() / p.weft().flowsBefore().meanFlows(),
                    p.ovn().flowsAfter().meanFlows() / p.weft().flowsAfter().meanFlows(),
                    (double) p.ovn().flowsAfter().maxFlows() / p.weft().flowsAfter().maxFlows());
        }
    }

    private void flowsRow(SystemResult r) {
        out.printf(Locale.ROOT, "| %d | %d | %s | %.0f | %.0f | %d | %.1f |%n", r.hosts(), r.endpoints() + r.warmup(),
                r.system(),
                r.flowsBefore().meanFlows(), r.flowsAfter().meanFlows(), r.flowsAfter().maxFlows(),
                r.flowsAfter().meanGroups());
    }

    private void memory(List<Pair> pairs) {
        out.println();
        out.println("Controller memory (RSS; OVN = NB + SB ovsdb-server + ovn-northd + every ovn-controller;"
                + " Weft = its JVM). Per endpoint = growth over the timed endpoints / their number");
        out.println();
        out.println("| hosts | endpoints | system | RSS before | RSS after | RSS per endpoint | live heap before -> after"
                + " (per endpoint) | processes after |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (Pair p : pairs) {
            memoryRow(p.weft());
            memoryRow(p.ovn());
        }
    }

    private void memoryRow(SystemResult r) {
        StringBuilder parts = new StringBuilder();
        for (Map.Entry<String, Long> e : r.rssAfterKb().entrySet()) {
            parts.append(parts.length() == 0 ? "" : "; ").append(e.getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f MB", e.getValue() / 1024.0));
        }
        String heap = r.heapBeforeKb().isPresent() && r.heapAfterKb().isPresent()
                ? String.format(Locale.ROOT, "%.1f MB -> %.1f MB (%.1f KB)", r.heapBeforeKb().getAsLong() / 1024.0,
                r.heapAfterKb().getAsLong() / 1024.0,
                (r.heapAfterKb().getAsLong() - r.heapBeforeKb().getAsLong()) / (double) r.endpoints())
                : "n/a (no GC heap)";
        out.printf(Locale.ROOT, "| %d | %d | %s | %.1f MB | %.1f MB | %.1f KB | %s | %s |%n", r.hosts(), r.endpoints(),
                r.system(), r.rssBeforeKb() / 1024.0, r.rssAfterTotalKb() / 1024.0,
                (r.rssAfterTotalKb() - r.rssBeforeKb()) / (double) r.endpoints(), heap, parts);
    }

    private void restart(List<Pair> pairs) {
        out.println();
        out.println("Controller restart (Weft: the controller process; OVN: host0's ovn-controller; SIGTERM then"
                + " start), seen on host0 by ovs-ofctl monitor watch:. Control = the same probe without restart.");
        out.println();
        out.println("| hosts | system | flows on host0 | restart -> API up | restart -> new port ready |"
                + " flow changes until | added | deleted | modified | deleted then re-added | longest absence |"
                + " changed or gone after | control: deleted, changed |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Pair p : pairs) {
            restartRow(p.weft());
            restartRow(p.ovn());
        }
    }

    private void restartRow(SystemResult r) {
        RestartResult x = r.restart();
        if (x == null) {
            return;
        }
        out.printf(Locale.ROOT, "| %d | %s | %d | %.0f ms | %.0f ms | %.0f ms | %d | %d | %d | %d | %.1f ms | %d |"
                        + " %d, %d |%n", r.hosts(), r.system(), x.flowsOnHost(), x.apiUpMs(), x.probeReadyMs(),
                x.lastFlowEventMs(), x.added(), x.deleted(), x.modified(), x.deletedThenReadded(), x.maxGapMs(),
                x.changedAfter(), x.controlDeleted(), x.controlChanged());
    }
}
