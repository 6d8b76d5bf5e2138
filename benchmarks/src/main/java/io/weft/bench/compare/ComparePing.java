package io.weft.bench.compare;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench compare ping}: time to first ping and loss across a restart, netdev hosts, Weft then OVN. */
@Command(name = "ping", mixinStandardHelpOptions = true,
        description = "Weft vs OVN on netdev hosts (real packets): time to first ping of a new container, and pings"
                + " lost across a controller restart.")
final class ComparePing implements Callable<Integer> {
    @Option(names = "--hosts", defaultValue = "3", description = "Netdev hosts (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--endpoints", defaultValue = "30", description = "Containers timed per round (default: ${DEFAULT-VALUE}).")
    int endpoints;

    @Option(names = "--warmup", defaultValue = "5", description = "Untimed containers first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rounds", defaultValue = "1",
            description = "Runs of both systems, alternating; latencies pooled (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--restart", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also restart each controller while pinging (default: ${DEFAULT-VALUE}).")
    boolean restart;

    @Option(names = "--background", defaultValue = "0",
            description = "Endpoints created in bulk (never plugged) before timing starts, so that every host holds"
                    + " their flows: first pings and the restart then meet a large table (default: ${DEFAULT-VALUE}).")
    int background;

    @Option(names = "--only", description = "Run one system alone, weft or ovn (to look into its figures).")
    String only;

    @Option(names = "--floor", description = "Weft against the floor instead of OVN: OVS with one bundle a port and no"
            + " controller logic (no restart).")
    boolean floor;

    @Option(names = "--recycle", description = "Remove each container (port, endpoint, namespace) after its sample:"
            + " every sample at the same small size, however many are taken.")
    boolean recycle;

    @Mixin
    OvnOptions ovnOptions = new OvnOptions();

    @Override
    public Integer call() throws Exception {
        System.out.println(ovnOptions.describe());
        PingReport report = new PingReport(System.out);
        PingResult weft = null;
        PingResult ovn = null;
        for (int round = 1; round <= rounds; round++) {
            System.err.printf(Locale.ROOT, "== ping: %d netdev hosts, %d endpoints, round %d of %d ==%n", hosts,
                    endpoints, round, rounds);
            boolean withRestart = restart && round == 1;
            if (floor) {
                PingResult w = new PingRun(new WeftSystem("0.0.0.0"), hosts, endpoints, warmup, false, 0)
                        .recycling(recycle).run();
                PingResult f = new PingRun(new FloorSystem(), hosts, endpoints, warmup, false, 0).recycling(recycle).run();
                report.printAgainstFloor(w, f);
                weft = weft == null ? w : weft.pooledWith(w);
                ovn = ovn == null ? f : ovn.pooledWith(f);
                continue;
            }
            if (only != null) {
                SystemUnderTest alone = "ovn".equalsIgnoreCase(only) ? ovnOptions.system() : new WeftSystem("0.0.0.0");
                PingResult r = new PingRun(alone, hosts, endpoints, warmup, withRestart, background).recycling(recycle)
                        .run();
                report.printAlone(r);
                continue;
            }
            PingResult w = new PingRun(new WeftSystem("0.0.0.0"), hosts, endpoints, warmup, withRestart, background)
                    .recycling(recycle).run();
            PingResult o = new PingRun(ovnOptions.system(), hosts, endpoints, warmup, withRestart, background)
                    .recycling(recycle).run();
            report.print(w, o);
            weft = weft == null ? w : weft.pooledWith(w);
            ovn = ovn == null ? o : ovn.pooledWith(o);
        }
        if (rounds > 1 && floor) {
            System.out.printf(Locale.ROOT, "%n== pooled over %d rounds ==%n", rounds);
            report.printAgainstFloor(weft, ovn);
        } else if (rounds > 1) {
            System.out.printf(Locale.ROOT, "%n== pooled over %d rounds; restart from round 1 ==%n", rounds);
            report.print(weft, ovn);
        }
        return 0;
    }
}
