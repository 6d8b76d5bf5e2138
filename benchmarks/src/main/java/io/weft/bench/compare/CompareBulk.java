package io.weft.bench.compare;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench compare bulk}: many endpoints at once on many hosts, Weft then OVN, and the raw OVS floor. */
@Command(name = "bulk", mixinStandardHelpOptions = true,
        description = "Weft vs OVN: time until N endpoints created at once are all ready; flow rate vs raw OVS floor.")
final class CompareBulk implements Callable<Integer> {
    @Option(names = "--hosts", defaultValue = "100", description = "Simulated hosts (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--endpoints", defaultValue = "10000", description = "Endpoints (default: ${DEFAULT-VALUE}).")
    int endpoints;

    @Option(names = "--networks", defaultValue = "20", description = "Networks (default: ${DEFAULT-VALUE}).")
    int networks;

    @Mixin
    OvnOptions ovnOptions = new OvnOptions();

    @Override
    public Integer call() throws Exception {
        System.out.println(ovnOptions.describe());
        BulkResult weft = new BulkRun(new WeftSystem(), hosts, networks, endpoints).run();
        BulkResult ovn = new BulkRun(ovnOptions.system(), hosts, networks, endpoints).run();
        int floorFlows = (int) Math.max(1000, Math.min(200_000, weft.flowsAdded()));
        double floor = RawFloor.flowsPerSecond(floorFlows, 3);

        System.out.printf(Locale.ROOT, "%n%d endpoints in %d networks over %d hosts (dummy datapath), created in bulk"
                + " (Weft: 8 REST clients; OVN: ovn-nbctl, 200 ports a call), ports plugged 200 per OVSDB transaction"
                + " host by host%n%n", endpoints, networks, hosts);
        System.out.println("| system | all ready | install window | flows/host | flows installed | flows/s in the"
                + " window | ratio to raw floor | controller RSS |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (BulkResult r : new BulkResult[] {weft, ovn}) {
            System.out.printf(Locale.ROOT, "| %s | %.1f s | %.1f s | %.0f | %d | %.0f | %.3f | %.1f MB |%n", r.system(),
                    r.allReadySeconds(), r.installSeconds(), r.meanFlowsPerHost(), r.flowsAdded(), r.flowsPerSecond(),
                    r.flowsPerSecond() / floor, r.rssAfterKb() / 1024.0);
        }
        System.out.printf(Locale.ROOT, "| raw floor: %d pre-encoded flow-mods + 1 barrier, one OVS | | | | %d | %.0f |"
                + " 1.000 | |%n", floorFlows, floorFlows, floor);
        System.out.printf(Locale.ROOT, "%nall ready, OVN / Weft: %.2fx%n", ovn.allReadySeconds() / weft.allReadySeconds());
        return 0;
    }
}
