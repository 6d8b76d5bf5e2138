package io.weft.bench.compare;

import io.weft.apps.overlay.hosts.PortReadiness;
import io.weft.testkit.FreePorts;
import io.weft.testkit.OvsInstance;
import io.weft.testkit.Processes;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weft as a user runs it: {@code weft.jar controller} in its own process (so its memory is measured
 * and it is restarted like any daemon), on loopback ports picked free, with a durable store in a temp dir.
 * Hosts join with set-manager; endpoints are created with the REST API.
 */
final class WeftSystem implements SystemUnderTest {
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]+)\"");
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
    /** As in the REST benchmark (issue 4): 8 parallel clients keep the durable store busy. */
    private static final int BULK_CLIENTS = 8;
    private static final Pattern READY = Pattern.compile("\"ready\":true");
    private static final Pattern PORT_READY = Pattern.compile(Pattern.quote(PortReadiness.LOG_PREFIX)
            + " iface-id=(\\S+) ms=([0-9.]+) weft_ms=([0-9.]+)");

    /** Where the last run's controller log is kept. */
    private static final Path LAST_LOG = Path.of(System.getProperty("java.io.tmpdir"), "weft-compare-controller.log");

    private final String listenAddress;
    private final Path dir;
    private final int openflowPort;
    private final int ovsdbPort;
    private final int restPort;
    private final RestCalls rest;
    private Process controller;
    private int hostCount;

    /** Listening on loopback only: the hosts are in the root namespace (dummy datapath). */
    WeftSystem() throws IOException {
        this("127.0.0.1");
    }

    /** @param listenAddress where the controller listens: 0.0.0.0 when hosts reach it from their own namespaces */
    WeftSystem(String listenAddress) throws IOException {
        this.listenAddress = listenAddress;
        this.dir = Files.createTempDirectory("weft-compare-weft-");
        int[] ports = FreePorts.pick(3);
        this.openflowPort = ports[0];
        this.ovsdbPort = ports[1];
        this.restPort = ports[2];
        this.rest = new RestCalls("http://127.0.0.1:" + restPort + "/api/v1");
    }

    @Override
    public String name() {
        return "Weft";
    }

    @Override
    public String readyKey() {
        return "weft-installed";
    }

    @Override
    public void start(List<SimHost> hosts) throws Exception {
        hostCount = hosts.size();
        startController();
        for (SimHost h : hosts) {
            h.ovs().vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=" + h.systemId(),
                    "external_ids:weft-tunnel-ip=" + h.tunnelIp(),
                    "external_ids:weft-datapath-type=" + h.datapathType());
            h.ovs().vsctl("--no-wait", "set-manager", "tcp:" + h.controllerAddress() + ":" + ovsdbPort);
        }
        awaitHostsReady();
    }

    /**
     * Starts the controller as bin/weft does, class data sharing included: the first start of a run writes the
     * archive as it exits (a priming start and stop, before anything is timed), later ones map it.
     */
    private void startController() throws Exception {
        Path archive = dir.resolve("weft-controller.jsa");
        if (!Files.exists(archive)) {
            launchController(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            stopController();
        }
        launchController(Files.exists(archive)
                ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off") : List.of());
    }

    private void launchController(List<String> cdsOptions) throws Exception {
        // The JVM option bin/weft gives by default (an idle controller returns the heap a burst grew).
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-XX:G1PeriodicGCInterval=15000"));
        cmd.addAll(cdsOptions);
        cmd.addAll(List.of("-jar", weftJar().toString(), "controller",
                // Plaintext on the testbed's private addresses, as OVN runs here, so the two compare like for like.
                "--listen", listenAddress, "--insecure", "--openflow-port", String.valueOf(openflowPort),
                "--ovsdb-port", String.valueOf(ovsdbPort), "--rest-port", String.valueOf(restPort),
                "--data-dir", dir.resolve("data").toString()));
        controller = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("controller.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!rest.isUp()) {
            if (!controller.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("Weft controller did not start; see " + dir.resolve("controller.log"));
            }
            Thread.sleep(20);
        }
    }

    private void awaitHostsReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (true) {
            Matcher m = READY.matcher(rest.get("/hosts"));
            int ready = 0;
            while (m.find()) {
                ready++;
            }
            if (ready >= hostCount) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + ready + " of " + hostCount + " hosts ready in Weft");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void createNetwork(int index) throws Exception {
        rest.post("/networks", "{\"name\":\"net" + index + "\",\"subnet\":\"" + EndpointAddress.subnet(index) + "\"}");
    }

    @Override
    public void settle() {
        // A network without endpoints puts nothing on the hosts.
    }

    @Override
    public String createEndpoint(int network, int host, int index) throws Exception {
        return postEndpoint(network, "{\"name\":\"e" + index + "\",\"host\":\"host" + host + "\"}");
    }

    @Override
    public String createEndpoint(int network, int host, int index, EndpointAddress address) throws Exception {
        return postEndpoint(network, "{\"name\":\"e" + index + "\",\"host\":\"host" + host + "\",\"ip\":\""
                + address.ip() + "\",\"mac\":\"" + address.mac() + "\"}");
    }

    @Override
    public void deleteEndpoint(int network, String id) throws Exception {
        rest.delete("/networks/net" + network + "/endpoints/" + id);
    }

    private String postEndpoint(int network, String json) throws Exception {
        String body = rest.post("/networks/net" + network + "/endpoints", json);
        Matcher m = ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + body);
        }
        return m.group(1);
    }

    @Override
    public List<String> createEndpoints(List<NewEndpoint> endpoints) throws Exception {
        return inParallel(endpoints, e -> createEndpoint(e.network(), e.host(), e.index()));
    }

    @Override
    public List<String> createEndpointsAt(List<NewEndpoint> endpoints) throws Exception {
        return inParallel(endpoints, e -> createEndpoint(e.network(), e.host(), e.index(),
                EndpointAddress.of(e.network(), e.index())));
    }

    /** One REST creation; returns the endpoint's id. */
    private interface Creation {
        String create(NewEndpoint e) throws Exception;
    }

    private List<String> inParallel(List<NewEndpoint> endpoints, Creation creation) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(BULK_CLIENTS);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (NewEndpoint e : endpoints) {
                ids.add(clients.submit(() -> creation.create(e)));
            }
            List<String> out = new ArrayList<>();
            for (Future<String> id : ids) {
                out.add(id.get());
            }
            return out;
        } finally {
            clients.shutdownNow();
        }
    }

    /** The controller's "port ready:" lines ({@code io.weft.apps.overlay.hosts.PortReadiness}). */
    @Override
    public Map<String, PortTiming> portTimings() throws IOException {
        Map<String, PortTiming> out = new java.util.HashMap<>();
        Path log = dir.resolve("controller.log");
        if (Files.exists(log)) {
            try (java.util.stream.Stream<String> lines = Files.lines(log)) {
                lines.map(PORT_READY::matcher).filter(Matcher::find)
                        .forEach(m -> out.put(m.group(1), new PortTiming(Double.parseDouble(m.group(2)),
                                Double.parseDouble(m.group(3)))));
            }
        }
        return out;
    }

    @Override
    public Map<String, Long> controllerRssKb() throws IOException {
        return Map.of("weft controller (JVM)", ProcessMemory.rssKb(controller.pid()));
    }

    @Override
    public OptionalLong liveHeapKb() throws IOException {
        String pid = String.valueOf(controller.pid());
        Processes.run(List.of("jcmd", pid, "GC.run"));
        // One "<space> total NK, used NK" line per heap (G1) or generation (Serial, Parallel).
        Matcher m = HEAP_USED.matcher(Processes.run(List.of("jcmd", pid, "GC.heap_info")));
        long used = 0;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
        }
        return OptionalLong.of(used);
    }

    /** SIGTERM (the shutdown hook closes sessions; flows stay on the switches), then the same command again. */
    @Override
    public void restartController(int host) throws Exception {
        stopController();
        startController();
    }

    private void stopController() throws InterruptedException {
        if (controller != null && controller.isAlive()) {
            controller.destroy();
            if (!controller.waitFor(20, TimeUnit.SECONDS)) {
                controller.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws Exception {
        stopController();
        // The last run's log outlives the temporary directory, for looking into a figure afterwards.
        Path log = dir.resolve("controller.log");
        if (Files.exists(log)) {
            Files.copy(log, LAST_LOG, StandardCopyOption.REPLACE_EXISTING);
        }
        Processes.deleteRecursively(dir);
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * The weft.jar of the build this benchmark comes from (the same build is compared, not an installed one): the
     * benchmarks jar lies in {@code benchmarks/target/}, weft.jar in {@code apps/launcher/target/} of the same tree.
     * bin/weft also names the tree in {@code weft.home}.
     */
    static Path weftJar() throws URISyntaxException {
        Path self = Path.of(WeftSystem.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String home = System.getProperty("weft.home");
        Path root = home != null ? Path.of(home) : self.getParent().getParent().getParent();
        Path jar = root.resolve("apps/launcher/target/weft.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build the launcher first (mvn install), or run the"
                    + " benchmark through bin/weft bench compare");
        }
        return jar;
    }
}
