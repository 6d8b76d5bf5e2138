package io.weft.bench.compare;

import io.weft.testkit.OvsInstance;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads br-int's flow table and groups on simulated hosts, the same way for both systems. */
final class FlowTables {
    private static final Pattern FLOW_COUNT = Pattern.compile("flow_count=(\\d+)");

    /** Flows and groups per host, over all hosts. */
    record PerHost(double meanFlows, long maxFlows, double meanGroups) {
    }

    private FlowTables() {
    }

    static PerHost count(List<OvsInstance> hosts) throws IOException {
        long total = 0;
        long max = 0;
        long groups = 0;
        for (OvsInstance h : hosts) {
            long flows = flowCount(h);
            total += flows;
            max = Math.max(max, flows);
            groups += h.ofctl("dump-groups", "br-int").lines().filter(l -> l.contains("group_id=")).count();
        }
        return new PerHost((double) total / hosts.size(), max, (double) groups / hosts.size());
    }

    static long flowCount(OvsInstance host) throws IOException {
        Matcher m = FLOW_COUNT.matcher(host.ofctl("dump-aggregate", "br-int"));
        if (!m.find()) {
            throw new IOException("no flow_count from " + host.name());
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Waits until no host's flow count has changed for 2 s (four reads 500 ms apart), for loads whose end has no
     * readiness mark to wait on (endpoints that are never plugged). Returns the counts, in host order.
     */
    static long[] awaitSteady(List<OvsInstance> hosts) throws IOException, InterruptedException {
        long[] last = new long[hosts.size()];
        int steady = 0;
        while (steady < 4) {
            Thread.sleep(500);
            boolean same = true;
            for (int h = 0; h < hosts.size(); h++) {
                long flows = flowCount(hosts.get(h));
                same &= flows == last[h];
                last[h] = flows;
            }
            steady = same ? steady + 1 : 0;
        }
        return last;
    }

    /** Every flow as ovs-ofctl prints it without statistics: cookie, table, priority, match, actions. */
    static Set<String> dump(OvsInstance host) throws IOException {
        return host.ofctl("dump-flows", "br-int", "--no-stats").lines().map(String::trim)
                .filter(l -> l.contains("actions=")).collect(Collectors.toSet());
    }

    /**
     * OVS's own floor for a hitless resync of host's br-int: {@code ovs-ofctl replace-flows} of exactly the flows the
     * bridge holds (it reads every flow back, compares, and sends nothing), median ms over {@code rounds}. NaN if
     * ovs-ofctl cannot read its own dump back, or if the table changed.
     */
    static double replaceFlowsFloorMs(OvsInstance host, int rounds) throws IOException {
        List<String> flows = host.ofctl("dump-flows", "br-int", "--no-stats").lines().map(String::trim)
                .filter(l -> l.contains("actions=")).toList();
        java.nio.file.Path file = java.nio.file.Files.createTempFile("weft-replace-flows-", ".txt");
        try {
            java.nio.file.Files.write(file, flows);
            long before = flowCount(host);
            List<Double> ms = new java.util.ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                host.ofctl("replace-flows", "br-int", file.toString());
                ms.add((System.nanoTime() - t0) / 1e6);
            }
            if (flowCount(host) != before) {
                return Double.NaN;
            }
            ms.sort(Double::compare);
            return ms.get(ms.size() / 2);
        } catch (IOException e) {
            Testbed.log("replace-flows floor: %s", e.getMessage());
            return Double.NaN;
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
