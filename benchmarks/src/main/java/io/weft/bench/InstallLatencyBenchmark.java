package io.weft.bench;

import io.weft.apps.launcher.ControllerSettings;
import io.weft.apps.launcher.WeftController;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Optional;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--hosts", defaultValue = "50", description = "Simulated hosts (default: ${DEFAULT-VALUE}).")
    int hostCount;

    @Option(names = "--endpoints", defaultValue = "200", description = "Endpoints timed (default: ${DEFAULT-VALUE}).")
    int endpoints;

    @Option(names = "--networks", defaultValue = "4", description = "Networks they spread over (default: ${DEFAULT-VALUE}).")
    int networks;

    @Option(names = "--tls", description = "Compare plaintext with TLS everywhere (hosts admitted with certificates,"
            + " ssl: managers, HTTPS API with a token) in one process, after a warm-up run, and print the ratios.")
    boolean tls;

    /** The two intervals of one run, in ms. */
    private record Run(List<Double> createToInstalled, List<Double> plugToInstalled) {
    }

    @Override
    public Integer call() throws Exception {
        Run plain = run(false);
        System.out.printf(Locale.ROOT, "%d hosts (dummy datapath), %d endpoints over %d networks, one at a time%n",
                hostCount, endpoints, networks);
        System.out.println();
        if (!tls) {
            System.out.println("| interval | p50 | p99 | max |");
            System.out.println("|---|---|---|---|");
            row("API call -> installed (a->c)", plain.createToInstalled());
            row("port plugged -> installed (b->c)", plain.plugToInstalled());
            return 0;
        }
        // The first run warms the JVM (JIT) and would flatter whichever mode comes second: it is dropped, and the
        // two modes then run in the order plain, TLS, TLS, plain, each pooled over its two runs.
        Run plain1 = run(false);
        Run secure1 = run(true);
        Run secure2 = run(true);
        Run plain2 = run(false);
        plain = new Run(concat(plain1.createToInstalled(), plain2.createToInstalled()),
                concat(plain1.plugToInstalled(), plain2.plugToInstalled()));
        Run secure = new Run(concat(secure1.createToInstalled(), secure2.createToInstalled()),
                concat(secure1.plugToInstalled(), secure2.plugToInstalled()));
        System.out.println("Warm-up run dropped; then plaintext, TLS, TLS, plaintext, each mode pooled over 2 runs.");
        System.out.println();
        System.out.println("| interval | plaintext p50 | TLS p50 | ratio | plaintext p99 | TLS p99 | ratio |");
        System.out.println("|---|---|---|---|---|---|---|");
        compare("API call -> installed (a->c)", plain.createToInstalled(), secure.createToInstalled());
        compare("port plugged -> installed (b->c)", plain.plugToInstalled(), secure.plugToInstalled());
        return 0;
    }

    private Run run(boolean secure) throws Exception {
        List<OvsInstance> hosts = new ArrayList<>();
        java.nio.file.Path data = Files.createTempDirectory("weft-bench-installed-");
        ControllerSettings settings = new ControllerSettings("127.0.0.1", 0, 0, 0, data, List.of(), secure, false,
                List.of(), ControllerSettings.DNS_NONE);
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
            Api api = new Api(controller.restPort(), secure ? Optional.of(controller.adminTokenFile())
                    : Optional.empty());
            List<JsonNode> admissions = new ArrayList<>();
            for (int n = 0; secure && n < hostCount; n++) {
                admissions.add(JSON.readTree(api.post("/api/v1/hosts", "{\"name\":\"host" + n + "\"}")));
            }
            hosts.addAll(OvsInstance.startMany("inst", hostCount, (h, n) -> {
                if (secure) {
                    JsonNode a = admissions.get(n);
                    h.useSsl(a.path("privateKey").asText(), a.path("certificate").asText(),
                            a.path("caCertificate").asText());
                }
                h.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=host" + n,
                        "external_ids:weft-tunnel-ip=198.18." + (n / 250) + "." + (n % 250 + 1),
                        "external_ids:weft-datapath-type=dummy");
                h.vsctl("--no-wait", "set-manager", (secure ? "ssl" : "tcp") + ":127.0.0.1:" + ovsdbPort);
            }));
            awaitHosts(controller);
            for (int n = 0; n < networks; n++) {
                api.post("/api/v1/networks", "{\"name\":\"net" + n + "\",\"subnet\":\"10.100." + n + ".0/24\"}");
            }
            List<Double> createToInstalled = new ArrayList<>();
            List<Double> plugToInstalled = new ArrayList<>();
            for (int i = 0; i < endpoints; i++) {
                int h = i % hostCount;
                String net = "net" + (i % networks);
                long a = System.nanoTime();
                String body = api.post("/api/v1/networks/" + net + "/endpoints",
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
            return new Run(createToInstalled, plugToInstalled);
        } finally {
            for (OvsInstance h : hosts) {
                h.close();
            }
        }
    }

    private static List<Double> concat(List<Double> a, List<Double> b) {
        List<Double> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void compare(String name, List<Double> plain, List<Double> secure) {
        List<Double> p = new ArrayList<>(plain);
        List<Double> s = new ArrayList<>(secure);
        Collections.sort(p);
        Collections.sort(s);
        System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.2fx | %.1f ms | %.1f ms | %.2fx |%n", name,
                pct(p, 0.50), pct(s, 0.50), pct(s, 0.50) / pct(p, 0.50), pct(p, 0.99), pct(s, 0.99),
                pct(s, 0.99) / pct(p, 0.99));
    }

    /** The REST API, plain or as an operator on the controller's machine uses it with --tls (CA file, admin token). */
    private static final class Api {
        private final String base;
        private final HttpClient http;
        private final Optional<String> token;

        Api(int port, Optional<java.nio.file.Path> pki /* the admin token file, beside the CA */) throws Exception {
            this.base = (pki.isPresent() ? "https" : "http") + "://127.0.0.1:" + port;
            HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
            if (pki.isPresent()) {
                builder.sslContext(io.weft.apps.cli.ApiCredentials.of(null, null,
                        pki.get().resolveSibling("ca-cert.pem")).sslContext().orElseThrow());
                token = Optional.of(Files.readString(pki.get()).strip());
            } else {
                token = Optional.empty();
            }
            this.http = builder.build();
        }

        String post(String path, String json) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
            token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
            }
            return r.body();
        }
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
