package io.weft.apps.launcher;

import io.weft.testkit.OvsInstance;
import io.weft.topology.EndpointStatus;
import io.weft.topology.TopologyEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Endpoint created -> {@code installed}, on H dummy-datapath hosts joined to a real controller. For
 * each endpoint, one at a time: (a) POST to the REST API, (b) the OVS interface with its iface-id
 * committed on its host, (c) the endpoint's status becomes installed (a topology event, in process).
 */
@Command(name = "installed", mixinStandardHelpOptions = true,
        description = "Time from endpoint creation (and from its port being plugged) to installed.")
final class InstallLatencyBenchmark implements Callable<Integer> {
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]+)\"");

    @Option(names = "--hosts", defaultValue = "50", description = "Simulated hosts (default: ${DEFAULT-VALUE}).")
    int hostCount;

    @Option(names = "--endpoints", defaultValue = "200", description = "Endpoints timed (default: ${DEFAULT-VALUE}).")
    int endpoints;

    @Option(names = "--networks", defaultValue = "4", description = "Networks they spread over (default: ${DEFAULT-VALUE}).")
    int networks;

    @Override
    public Integer call() throws Exception {
        List<OvsInstance> hosts = new ArrayList<>();
        ControllerSettings settings = ControllerSettings.loopback(0, 0, 0,
                Files.createTempDirectory("weft-bench-installed-"));
        try (WeftController controller = WeftController.start(settings)) {
            Map<String, CompletableFuture<Long>> installedAt = new ConcurrentHashMap<>();
            controller.topology().addListener(event -> {
                if (event instanceof TopologyEvent.EndpointStatusChanged e
                        && e.endpoint().status() == EndpointStatus.INSTALLED) {
                    installedAt.computeIfAbsent(e.endpoint().id(), k -> new CompletableFuture<>())
                            .complete(System.nanoTime());
                }
            });
            int ovsdbPort = controller.ovsdbPort();
            hosts.addAll(OvsInstance.startMany("inst", hostCount, (h, n) -> {
                h.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=host" + n,
                        "external_ids:weft-tunnel-ip=198.18." + (n / 250) + "." + (n % 250 + 1),
                        "external_ids:weft-datapath-type=dummy");
                h.vsctl("--no-wait", "set-manager", "tcp:127.0.0.1:" + ovsdbPort);
            }));
            awaitHosts(controller);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String api = "http://127.0.0.1:" + controller.restPort() + "/api/v1/networks";
            for (int n = 0; n < networks; n++) {
                post(http, api, "{\"name\":\"net" + n + "\",\"subnet\":\"10.100." + n + ".0/24\"}");
            }
            List<Double> createToInstalled = new ArrayList<>();
            List<Double> plugToInstalled = new ArrayList<>();
            for (int i = 0; i < endpoints; i++) {
                int h = i % hostCount;
                String net = "net" + (i % networks);
                long a = System.nanoTime();
                String body = post(http, api + "/" + net + "/endpoints",
                        "{\"name\":\"e" + i + "\",\"host\":\"host" + h + "\"}");
                Matcher m = ID.matcher(body);
                if (!m.find()) {
                    throw new IllegalStateException("no id in " + body);
                }
                String id = m.group(1);
                CompletableFuture<Long> done = installedAt.computeIfAbsent(id, k -> new CompletableFuture<>());
                hosts.get(h).vsctl("add-port", "br-int", "e" + i, "--", "set", "Interface", "e" + i, "type=dummy",
                        "external_ids:iface-id=" + id);
                long b = System.nanoTime();
                long c = done.get(30, TimeUnit.SECONDS);
                createToInstalled.add((c - a) / 1e6);
                plugToInstalled.add(Math.max(0, c - b) / 1e6);
            }
            System.out.printf(Locale.ROOT, "%d hosts (dummy datapath), %d endpoints over %d networks, one at a time%n",
                    hostCount, endpoints, networks);
            System.out.println();
            System.out.println("| interval | p50 | p99 | max |");
            System.out.println("|---|---|---|---|");
            row("API call -> installed (a->c)", createToInstalled);
            row("port plugged -> installed (b->c)", plugToInstalled);
        } finally {
            for (OvsInstance h : hosts) {
                h.close();
            }
        }
        return 0;
    }

    private static void row(String name, List<Double> ms) {
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms |%n", name, pct(sorted, 0.50),
                pct(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static String post(HttpClient http, String url, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }


    private void awaitHosts(WeftController controller) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (controller.topology().hosts().stream()
                .filter(h -> h.openflow() == io.weft.topology.ConnectionState.CONNECTED).count() < hostCount) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("hosts did not all connect within 120 s");
            }
            Thread.sleep(20);
        }
    }
}
