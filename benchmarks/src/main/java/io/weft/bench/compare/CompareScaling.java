package io.weft.bench.compare;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench compare scaling}: the cost of adding one endpoint at 1k, 10k, 50k existing, Weft then OVN. */
@Command(name = "scaling", mixinStandardHelpOptions = true,
        description = "Weft vs OVN: time to ready of one more endpoint at growing numbers of existing endpoints.")
final class CompareScaling implements Callable<Integer> {
    @Option(names = "--hosts", defaultValue = "100", description = "Simulated hosts (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--networks", defaultValue = "20", description = "Networks (default: ${DEFAULT-VALUE}).")
    int networks;

    @Option(names = "--existing", split = ",", defaultValue = "1000,10000,50000",
            description = "Existing endpoints at each step, ascending (default: ${DEFAULT-VALUE}).")
    List<Integer> levels;

    @Option(names = "--probes", defaultValue = "20",
            description = "Endpoints timed one at a time at each step (default: ${DEFAULT-VALUE}).")
    int probes;

    @Option(names = "--restart", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "After the last step, restart each controller and watch host0's flows (default: "
                    + "${DEFAULT-VALUE}).")
    boolean restart;

    @Option(names = "--weft-only", description = "Measure Weft alone: for sizes OVN cannot reach on this machine in "
            + "reasonable time or memory (its curve then comes from a smaller run).")
    boolean weftOnly;

    @Option(names = "--unplugged", description = "Plug only one existing endpoint per network and host, so that hosts"
            + " hold every endpoint's flows but few ports: the probes then measure the controllers, not ovs-vswitchd's"
            + " cost of adding a port to a bridge with thousands (OVN with VXLAN takes at most 2,047 ports a network).")
    boolean unplugged;

    @Mixin
    OvnOptions ovnOptions = new OvnOptions();

    @Override
    public Integer call() throws Exception {
        System.out.println(ovnOptions.describe());
        ScalingRun weftRun = new ScalingRun(new WeftSystem(), hosts, networks, levels, probes, restart, unplugged);
        List<ScalingRun.Point> weft = weftRun.run();
        ScalingRun ovnRun = new ScalingRun(ovnOptions.system(), hosts, networks, levels, probes, restart, unplugged);
        List<ScalingRun.Point> ovn = weftOnly ? null : ovnRun.run();
        System.out.printf(Locale.ROOT, "%n%d hosts, %d networks; at each step %d endpoints added one at a time"
                + " (a = API call, b = port seen, c = ready mark seen)%n%n", hosts, networks, probes);
        System.out.println("| existing endpoints | system | a->c p50 | a->c p99 | b->c p50 | b->c p99 | b->c p50 vs"
                + " first step | flows/host |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < weft.size(); i++) {
            row("Weft", weft.get(i), weft.get(0));
            if (ovn == null) {
                continue;
            }
            row("OVN", ovn.get(i), ovn.get(0));
            System.out.printf(Locale.ROOT, "| %d | ratio OVN/Weft | %.2fx | %.2fx | %.2fx | %.2fx | | |%n",
                    weft.get(i).existing(),
                    ovn.get(i).apiToReady().p50() / weft.get(i).apiToReady().p50(),
                    ovn.get(i).apiToReady().p99() / weft.get(i).apiToReady().p99(),
                    ovn.get(i).plugToReady().p50() / weft.get(i).plugToReady().p50(),
                    ovn.get(i).plugToReady().p99() / weft.get(i).plugToReady().p99());
        }
        if (restart) {
            System.out.printf(Locale.ROOT, "%nController restart at %d endpoints, seen on host0 (Weft: the controller;"
                    + " OVN: host0's ovn-controller)%n%n", levels.get(levels.size() - 1) + levels.size() * probes);
            System.out.println("| system | flows on host0 | restart -> new port ready | added | deleted | modified |"
                    + " deleted then re-added | longest absence | changed or gone after | control: deleted, changed |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            restartRow("Weft", weftRun.restartResult());
            if (ovn != null) {
                restartRow("OVN", ovnRun.restartResult());
            }
        }
        return 0;
    }

    private static void restartRow(String system, RestartResult x) {
        System.out.printf(Locale.ROOT, "| %s | %d | %.0f ms | %d | %d | %d | %d | %.1f ms | %d | %d, %d |%n", system,
                x.flowsOnHost(), x.probeReadyMs(), x.added(), x.deleted(), x.modified(), x.deletedThenReadded(),
                x.maxGapMs(), x.changedAfter(), x.controlDeleted(), x.controlChanged());
    }

    private static void row(String system, ScalingRun.Point p, ScalingRun.Point first) {
        System.out.printf(Locale.ROOT, "| %d | %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.2fx | %.0f |%n",
                p.existing(), system, p.apiToReady().p50(), p.apiToReady().p99(), p.plugToReady().p50(),
                p.plugToReady().p99(), p.plugToReady().p50() / first.plugToReady().p50(), p.meanFlowsPerHost());
    }
}
