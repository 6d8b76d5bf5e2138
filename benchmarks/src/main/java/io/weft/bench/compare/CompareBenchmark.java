package io.weft.bench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Weft side by side with OVN 23.03 (issue 7), on the same kind of simulated hosts (dummy datapath),
 * the same networks and endpoints, VXLAN for both, both timed by the same OVSDB monitor sessions.
 * For each host count, Weft runs, then OVN, each on fresh hosts and never at the same time.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, subcommands = {CompareBulk.class, CompareScaling.class, ComparePing.class},
        description = "Weft vs OVN 23.03 on the same simulated hosts: time to ready, flows per host, memory, restart.")
public final class CompareBenchmark implements Callable<Integer> {
    @Option(names = "--hosts", split = ",", defaultValue = "3,10,30,100",
            description = "Host counts to run, comma separated (default: ${DEFAULT-VALUE}).")
    List<Integer> hostCounts;

    @Option(names = "--endpoints", defaultValue = "200", description = "Endpoints timed per run (default: ${DEFAULT-VALUE}).")
    int endpoints;

    @Option(names = "--networks", defaultValue = "4", description = "Networks they spread over (default: ${DEFAULT-VALUE}).")
    int networks;

    @Option(names = "--warmup", defaultValue = "20",
            description = "Untimed endpoints created first, in the same way (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--restart", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also restart the controller at the end of each run and watch host0's flows (default: ${DEFAULT-VALUE}).")
    boolean restart;

    @Option(names = "--rounds", defaultValue = "1",
            description = "Runs of both systems per host count, alternating; latencies are pooled over them, so that"
                    + " noise on a shared machine hits both alike (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--weft-only", description = "Measure Weft alone (to look into its figures without OVN's run time).")
    boolean weftOnly;

    @Mixin
    OvnOptions ovnOptions = new OvnOptions();

    @Override
    public Integer call() throws Exception {
        System.out.println(ovnOptions.describe());
        List<ComparisonReport.Pair> pairs = new ArrayList<>();
        ComparisonReport report = new ComparisonReport(System.out);
        for (int hosts : hostCounts) {
            ComparisonReport.Pair pooled = null;
            for (int round = 1; round <= rounds; round++) {
                System.err.printf(Locale.ROOT, "== %d hosts, %d endpoints over %d networks, round %d of %d ==%n",
                        hosts, endpoints, networks, round, rounds);
                SystemResult weft = new SystemRun(new WeftSystem(), hosts, endpoints, warmup, networks, restart).run();
                if (weftOnly) {
                    report.printAlone(weft);
                    continue;
                }
                SystemResult ovn = new SystemRun(ovnOptions.system(), hosts, endpoints, warmup, networks, restart)
                        .run();
                ComparisonReport.Pair pair = new ComparisonReport.Pair(weft, ovn);
                report.print(List.of(pair)); // as it comes, so a long run that fails later still shows something
                pooled = pooled == null ? pair : new ComparisonReport.Pair(pooled.weft().pooledWith(weft),
                        pooled.ovn().pooledWith(ovn));
            }
            pairs.add(pooled);
        }
        if (!weftOnly && (pairs.size() > 1 || rounds > 1)) {
            System.out.println();
            System.out.printf(Locale.ROOT, "== all host counts: latencies pooled over %d round(s); flows, memory and"
                    + " restart from round 1 ==%n", rounds);
            report.print(pairs);
        }
        return 0;
    }
}
