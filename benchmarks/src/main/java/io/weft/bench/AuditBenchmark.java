package io.weft.bench;

import io.weft.apps.launcher.ControllerSettings;
import io.weft.apps.launcher.WeftController;
import io.weft.testkit.OvsInstance;
import io.weft.topology.ConnectionState;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.Host;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What an audit costs at scale: one real host (OVS, dummy datapath) holding flows for every endpoint of the networks
 * it carries, the other endpoints on hosts that exist only in the topology. Each round audits the host on demand
 * ({@code POST /api/v1/hosts/host0/audit}) and records its wall time and the CPU it took from the controller and from
 * ovs-vswitchd; then a flow is deleted and another changed to drop by hand, and the time until an audit has both back
 * is measured.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Audit cost (controller and ovs-vswitchd CPU, wall time) at ~100k flows on one host.")
final class AuditBenchmark implements Callable<Integer> {
    private static final Pattern FLOWS = Pattern.compile("flow_count=(\\d+)");
    private static final Pattern READ = Pattern.compile("\"flowsRead\":(\\d+)");

    @Option(names = "--endpoints", defaultValue = "50000", description = "Remote endpoints (default: ${DEFAULT-VALUE}).")
    int endpoints;

    @Option(names = "--networks", defaultValue = "30", description = "Networks they spread over (default: ${DEFAULT-VALUE}).")
    int networks;

    @Option(names = "--rounds", defaultValue = "5", description = "Audits timed (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        Path shm = Path.of("/dev/shm");
        Path data = Files.isDirectory(shm) ? Files.createTempDirectory(shm, "weft-bench-audit-")
                : Files.createTempDirectory("weft-bench-audit-");
        try (WeftController controller = WeftController.start(ControllerSettings.loopback(0, 0, 0, data));
             OvsInstance ovs = OvsInstance.start("audit")) {
            Topology topology = controller.topology();
            ovs.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=host0",
                    "external_ids:weft-tunnel-ip=198.18.0.1", "external_ids:weft-datapath-type=dummy");
            ovs.vsctl("--no-wait", "set-manager", "tcp:127.0.0.1:" + controller.ovsdbPort());
            awaitConnected(topology);
            populate(topology);
            // two flows per remote endpoint (its MAC's forwarding, its ARP answer), and the host's own
            long flows = awaitStableFlowCount(ovs, 2L * endpoints);
            System.out.printf(Locale.ROOT, "host0: %d flows (%d remote endpoints over %d networks, 99 other hosts)%n",
                    flows, endpoints, networks);

            HttpClient http = HttpClient.newHttpClient();
            URI audit = URI.create("http://127.0.0.1:" + controller.restPort() + "/api/v1/hosts/host0/audit");
            Path vswitchd = Path.of("/proc", Files.readString(ovs.directory().resolve("ovs-vswitchd.pid")).strip(),
                    "stat");
            List<Double> wall = new ArrayList<>();
            List<Double> controllerCpu = new ArrayList<>();
            List<Double> switchCpu = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                long cpu0 = processCpuNanos();
                long sw0 = ticks(vswitchd);
                long t0 = System.nanoTime();
                String report = post(http, audit);
                wall.add((System.nanoTime() - t0) / 1e6);
                controllerCpu.add((processCpuNanos() - cpu0) / 1e6);
                switchCpu.add((ticks(vswitchd) - sw0) * 10.0);
                Matcher m = READ.matcher(report);
                if (!m.find() || !report.contains("\"repairs\":[]")) {
                    throw new IllegalStateException("an untouched switch's audit repaired something: " + report);
                }
            }
            System.out.println();
            System.out.println("| audit of host0 | p50 | max |");
            System.out.println("|---|---|---|");
            row("wall time", wall);
            row("controller CPU", controllerCpu);
            row("ovs-vswitchd CPU", switchCpu);

            // a flow deleted and another changed to drop, by hand: both back after one audit
            String[] lines = ovs.ofctl("dump-flows", "br-int", "table=30").split("\n");
            String deleted = cookieOf(lines[lines.length - 1]);
            String changed = cookieOf(java.util.Arrays.stream(lines).filter(l -> l.contains("output:4789"))
                    .skip(lines.length / 3).findFirst().orElseThrow());
            ovs.ofctl("del-flows", "br-int", "cookie=" + deleted + "/-1");
            // ovs-ofctl modifies table 0 unless told the table
            ovs.ofctl("mod-flows", "br-int", "table=30,cookie=" + changed + "/-1,actions=drop");
            long t0 = System.nanoTime();
            String report = post(http, audit);
            double repair = (System.nanoTime() - t0) / 1e6;
            String after = ovs.ofctl("dump-flows", "br-int", "cookie=" + changed + "/-1");
            if (!report.contains("restored flow") || !report.contains("changed in place") || after.contains("drop")
                    || ovs.ofctl("dump-flows", "br-int", "cookie=" + deleted + "/-1").lines().count() < 2) {
                throw new IllegalStateException("the audit did not put both flows back: " + report);
            }
            System.out.printf(Locale.ROOT, "%nhand-deleted and hand-changed flow both back after one audit: %.0f ms"
                    + " (periodic audits every %d s: back within that plus one audit)%n", repair,
                    io.weft.apps.overlay.OverlayApp.DEFAULT_AUDIT_INTERVAL.toSeconds());
        }
        return 0;
    }

    private void populate(Topology topology) {
        for (int h = 1; h < 100; h++) {
            topology.upsertHost(Host.named("host" + h).withTunnelIp(OptionalInt.of(0xC6120000 | h + 1)));
        }
        for (int n = 0; n < networks; n++) {
            topology.createNetwork(NetworkRequest.of("net" + n, "10." + (n + 1) + ".0.0/16"));
            Endpoint local = topology.createEndpoint("net" + n, new EndpointRequest("local" + n, "host0", null, null));
            topology.bindEndpoint(local.id(), "host0", 100 + n);
        }
        for (int i = 0; i < endpoints; i++) {
            int h = 1 + i % 99;
            Endpoint e = topology.createEndpoint("net" + (i % networks),
                    new EndpointRequest("e" + i, "host" + h, null, null));
            topology.bindEndpoint(e.id(), "host" + h, 10 + i / 99);
        }
    }

    private static void awaitConnected(Topology topology) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (topology.host("host0").map(h -> h.openflow() != ConnectionState.CONNECTED).orElse(true)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("host0 did not connect within 60 s");
            }
            Thread.sleep(50);
        }
    }

    private static long awaitStableFlowCount(OvsInstance ovs, long atLeast) throws Exception {
        long last = -1;
        int stable = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (stable < 4) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("flows still changing after 10 minutes");
            }
            Thread.sleep(500);
            Matcher m = FLOWS.matcher(ovs.ofctl("dump-aggregate", "br-int"));
            long count = m.find() ? Long.parseLong(m.group(1)) : 0;
            stable = count == last && count >= atLeast ? stable + 1 : 0;
            last = count;
        }
        return last;
    }

    private static String post(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .timeout(java.time.Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static String cookieOf(String flow) {
        return flow.trim().split("[ ,]")[0].substring("cookie=".length());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** utime + stime of a process, in clock ticks (10 ms). */
    private static long ticks(Path stat) throws Exception {
        String text = Files.readString(stat);
        String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static void row(String name, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "| %s | %.0f ms | %.0f ms |%n", name, sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1));
    }
}
