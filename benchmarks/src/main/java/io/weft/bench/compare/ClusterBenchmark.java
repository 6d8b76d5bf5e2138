package io.weft.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.testkit.EtcdCluster;
import io.weft.testkit.FreePorts;
import io.weft.testkit.OvsInstance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Cluster mode against one controller, in one run (issue 20): the packaged controller on its journal, then three on
 * a 3-member etcd (loopback, etcd's default timers), each on the same fresh dummy-datapath hosts. For each: REST
 * writes per second from concurrent clients, and API call -> {@code installed} one endpoint at a time (status polled
 * every 2 ms, the same for both). Then the cluster's leader is killed ({@code kill -9}) again and again: time to a
 * leader that serves its API, and to a new endpoint installed through it.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "One controller on its journal against three on etcd; then failover times over repeated kills.")
public final class ClusterBenchmark implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Option(names = "--hosts", defaultValue = "30", description = "Dummy-datapath hosts (default: ${DEFAULT-VALUE}).")
    int hostCount;

    @Option(names = "--endpoints", defaultValue = "200", description = "Endpoints timed to installed (default:"
            + " ${DEFAULT-VALUE}).")
    int endpoints;

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent REST clients for writes/s (default:"
            + " ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "10", description = "How long the writes/s run lasts (default:"
            + " ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--kills", defaultValue = "20", description = "Leader kills timed (default: ${DEFAULT-VALUE}).")
    int kills;

    private record Result(double writesPerSecond, List<Double> createToInstalled) {
    }

    @Override
    public Integer call() throws Exception {
        Path root = Files.createTempDirectory("weft-bench-cluster-");
        int[] ports = FreePorts.pick(3);
        Result single;
        try (Controllers c = Controllers.single(root.resolve("single"), ports)) {
            single = measure(c, "single");
        }
        Result cluster;
        List<Double> served = new ArrayList<>();
        List<Double> installed = new ArrayList<>();
        try (EtcdCluster etcd = EtcdCluster.start(3, EtcdCluster.Timers.FAST);
             Controllers c = Controllers.cluster(root.resolve("cluster"), ports, etcd)) {
            cluster = measure(c, "cluster");
            try (Hosts hosts = Hosts.start("fo", 2, c)) {
                hosts.awaitReady(c);
                for (int k = 0; k < kills; k++) {
                    int leader = c.awaitLeader();
                    long killed = System.nanoTime();
                    c.kill(leader);
                    int next = c.awaitLeader();
                    served.add((System.nanoTime() - killed) / 1e6);
                    c.createAndInstall(next, "fo" + k, hosts.get(k % 2), "fo" + (k % 2));
                    installed.add((System.nanoTime() - killed) / 1e6);
                    System.err.printf(Locale.ROOT, "kill %d of c%d: c%d serves after %.0f ms, endpoint installed after"
                            + " %.0f ms%n", k + 1, leader, next, served.get(k), installed.get(k));
                    c.restart(leader);
                    c.awaitStandby(leader);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d dummy hosts; writes: %d clients for %d s; installed: %d endpoints one at a"
                + " time%n%n", hostCount, clients, seconds, endpoints);
        System.out.println("| | one controller, journal | three controllers, etcd | ratio |");
        System.out.println("|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| REST writes/s | %.0f | %.0f | %.2fx |%n", single.writesPerSecond(),
                cluster.writesPerSecond(), cluster.writesPerSecond() / single.writesPerSecond());
        for (double p : new double[] {0.50, 0.99}) {
            double a = pct(single.createToInstalled(), p);
            double b = pct(cluster.createToInstalled(), p);
            System.out.printf(Locale.ROOT, "| API -> installed p%.0f | %.1f ms | %.1f ms | %.2fx |%n", p * 100, a, b,
                    b / a);
        }
        System.out.printf(Locale.ROOT, "%nFailover over %d leader kills (kill -9), from the kill:%n%n", kills);
        System.out.println("| | min | p50 | p90 | max |");
        System.out.println("|---|---|---|---|---|");
        for (var row : List.of(List.of("new leader serves its API", served), List.of("new endpoint installed",
                installed))) {
            @SuppressWarnings("unchecked") List<Double> ms = (List<Double>) row.get(1);
            System.out.printf(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms |%n", row.get(0),
                    pct(ms, 0), pct(ms, 0.5), pct(ms, 0.9), pct(ms, 1));
        }
        return 0;
    }

    private Result measure(Controllers c, String label) throws Exception {
        try (Hosts hosts = Hosts.start(label, hostCount, c)) {
            int leader = c.awaitLeader();
            hosts.awaitReady(c);
            c.post(leader, "/api/v1/networks", "{\"name\":\"load\",\"subnet\":\"10.64.0.0/12\"}", 201);
            c.post(leader, "/api/v1/networks", "{\"name\":\"timed\",\"subnet\":\"10.80.0.0/16\"}", 201);
            AtomicInteger written = new AtomicInteger();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                int client = t;
                Thread thread = new Thread(() -> {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        try {
                            c.post(leader, "/api/v1/networks/load/endpoints", "{\"name\":\"w" + client + "-" + i
                                    + "\",\"host\":\"" + label + (i % hostCount) + "\"}", 201);
                            written.incrementAndGet();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread t : threads) {
                t.join();
            }
            double perSecond = written.get() / (double) seconds;
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < endpoints; i++) {
                long a = System.nanoTime();
                c.createAndInstall(leader, "t" + i, hosts.get(i % hostCount), label + (i % hostCount), "timed");
                times.add((System.nanoTime() - a) / 1e6);
            }
            return new Result(perSecond, times);
        }
    }

    private static double pct(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = p <= 0 ? 0 : Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1);
        return sorted.get(i);
    }

    /** Dummy-datapath hosts that list every controller as a manager. */
    private static final class Hosts implements AutoCloseable {
        private final List<OvsInstance> hosts;
        private final String prefix;

        private Hosts(List<OvsInstance> hosts, String prefix) {
            this.hosts = hosts;
            this.prefix = prefix;
        }

        static Hosts start(String prefix, int count, Controllers c) throws Exception {
            return new Hosts(OvsInstance.startMany(prefix, count, (h, n) -> {
                h.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=" + prefix + n,
                        "external_ids:weft-tunnel-ip=198.18." + (n / 250) + "." + (n % 250 + 1),
                        "external_ids:weft-datapath-type=dummy");
                List<String> args = new ArrayList<>(List.of("--no-wait", "set-manager"));
                args.addAll(c.managers());
                h.vsctl(args.toArray(String[]::new));
            }), prefix);
        }

        OvsInstance get(int i) {
            return hosts.get(i);
        }

        void awaitReady(Controllers c) throws Exception {
            for (int n = 0; n < hosts.size(); n++) {
                String name = prefix + n;
                c.await(() -> {
                    int leader = c.awaitLeader();
                    HttpResponse<String> r = c.get(leader, "/api/v1/hosts/" + name);
                    return r.statusCode() == 200 && JSON.readTree(r.body()).path("ready").asBoolean();
                }, name + " ready", 120);
            }
        }

        @Override
        public void close() throws Exception {
            for (OvsInstance h : hosts) {
                h.close();
            }
        }
    }

    /** The packaged controllers: one on its journal, or three on etcd at 127.0.0.1, .2, .3 with the same ports. */
    private static final class Controllers implements AutoCloseable {
        private final Path dir;
        private final int[] ports;
        private final String store;
        private final Process[] members;

        private Controllers(Path dir, int[] ports, String store, int size) {
            this.dir = dir;
            this.ports = ports;
            this.store = store;
            this.members = new Process[size];
        }

        static Controllers single(Path dir, int[] ports) throws Exception {
            Controllers c = new Controllers(dir, ports, "journal", 1);
            c.restart(0);
            return c;
        }

        static Controllers cluster(Path dir, int[] ports, EtcdCluster etcd) throws Exception {
            String store = "etcd://" + etcd.clientUrls().stream().map(u -> u.getHost() + ":" + u.getPort())
                    .collect(Collectors.joining(",")) + "/bench";
            Controllers c = new Controllers(dir, ports, store, 3);
            for (int i = 0; i < 3; i++) {
                c.restart(i);
            }
            return c;
        }

        List<String> managers() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < members.length; i++) {
                out.add("tcp:127.0.0." + (i + 1) + ":" + ports[1]);
            }
            return out;
        }

        void restart(int i) throws Exception {
            Files.createDirectories(dir);
            List<String> cmd = new ArrayList<>(List.of(WeftSystem.javaBinary(), "-Xmx1g", "-jar",
                    WeftSystem.weftJar().toString(), "controller", "--listen", "127.0.0." + (i + 1),
                    "--openflow-port", Integer.toString(ports[0]), "--ovsdb-port", Integer.toString(ports[1]),
                    "--rest-port", Integer.toString(ports[2]), "--data-dir", dir.resolve("c" + i).toString(),
                    "--store", store, "--dns-upstream", "none"));
            if (members.length > 1) {
                cmd.addAll(List.of("--member", "c" + i));
            }
            members[i] = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("c" + i + ".log").toFile())).start();
            await(() -> status(i).isPresent(), "c" + i + " answering", 60);
        }

        void kill(int i) throws InterruptedException {
            members[i].destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }

        java.util.Optional<JsonNode> status(int i) {
            try {
                HttpResponse<String> r = get(i, "/api/v1/cluster");
                return r.statusCode() == 200 ? java.util.Optional.of(JSON.readTree(r.body())) : java.util.Optional.empty();
            } catch (Exception e) {
                return java.util.Optional.empty();
            }
        }

        /** The member that leads and whose own API is up, polled every 5 ms. */
        int awaitLeader() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < members.length; i++) {
                    if (members[i].isAlive() && serves(i)) {
                        return i;
                    }
                }
                Thread.sleep(5);
            }
            throw new IllegalStateException("no leader within 60 s; logs in " + dir);
        }

        void awaitStandby(int i) throws Exception {
            await(() -> status(i).map(s -> s.path("role").asText().equals("standby")).orElse(false), "c" + i
                    + " standing by", 60);
        }

        /**
         * One short probe: a request that hangs (a pooled connection to the process just killed) must not count as
         * failover time, so it is given up after 500 ms and the next probe opens a new connection.
         */
        private boolean serves(int i) {
            try {
                // A standby forwards to the leader; only the leader says it leads.
                if (!status(i).map(st -> st.path("role").asText().equals("leader")).orElse(false)) {
                    return false;
                }
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0." + (i + 1) + ":" + ports[2]
                        + "/api/v1/networks")).timeout(Duration.ofMillis(500)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }

        void createAndInstall(int leader, String name, OvsInstance host, String hostName) throws Exception {
            createAndInstall(leader, name, host, hostName, null);
        }

        void createAndInstall(int leader, String name, OvsInstance host, String hostName, String network)
                throws Exception {
            String net = network != null ? network : "fo";
            if (network == null && get(leader, "/api/v1/networks/fo").statusCode() == 404) {
                post(leader, "/api/v1/networks", "{\"name\":\"fo\",\"subnet\":\"10.96.0.0/16\"}", 201);
            }
            String id = JSON.readTree(post(leader, "/api/v1/networks/" + net + "/endpoints", "{\"name\":\"" + name
                    + "\",\"host\":\"" + hostName + "\"}", 201)).path("id").asText();
            host.vsctl("add-port", "br-int", name, "--", "set", "Interface", name, "type=dummy",
                    "external_ids:iface-id=" + id);
            String path = "/api/v1/networks/" + net + "/endpoints/" + name;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!JSON.readTree(get(leader, path).body()).path("status").asText().equals("installed")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " not installed within 30 s; logs in " + dir);
                }
                Thread.sleep(2);
            }
        }

        HttpResponse<String> get(int i, String path) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0." + (i + 1) + ":" + ports[2] + path))
                    .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        }

        String post(int i, String path, String json, int expected) throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0." + (i + 1) + ":"
                    + ports[2] + path)).timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
            }
            return r.body();
        }

        interface Check {
            boolean holds() throws Exception;
        }

        void await(Check check, String what, int seconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!check.holds()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not within " + seconds + " s: " + what + "; logs in " + dir);
                }
                Thread.sleep(20);
            }
        }

        @Override
        public void close() throws Exception {
            for (Process p : members) {
                if (p != null && p.isAlive()) {
                    p.destroy();
                    if (!p.waitFor(15, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
        }
    }
}
