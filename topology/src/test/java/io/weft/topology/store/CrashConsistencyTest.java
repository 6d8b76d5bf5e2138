package io.weft.topology.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.Host;
import io.weft.topology.Network;
import io.weft.topology.NetworkRequest;
import io.weft.topology.StateStore;
import io.weft.topology.StoredState;
import io.weft.topology.Topology;
import io.weft.topology.TopologyException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency: a real process writing from several clients is killed with SIGKILL at random moments, again and
 * again on the same store, which is compacted many times over (the journal's compaction threshold is lowered to a few
 * KB; it has no time-based behaviour to age past). After every kill the store is reopened and must hold every
 * acknowledged write, nothing that was never begun, at most the one write each client had in flight, and IPAM and
 * VNI allocations consistent with the rows.
 *
 * <p>{@code -Dweft.crash.iterations=N} runs longer (CI runs a bounded number); see docs/durability.md.
 */
class CrashConsistencyTest {
    private static final int CLIENTS = 4;
    private static final int MIN_ACKS_PER_RUN = 40;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RowCodec codec = new RowCodec();

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesRepeatedSigkillsOfACompactingJournal() throws Exception {
        int iterations = Integer.getInteger("weft.crash.iterations", 24);
        CrashRun run = crashRepeatedly(StoreKind.journal(4 * 1024), iterations, 20240601L, v -> !v.isEmpty());

        assertThat(run.violations()).as("violations").isEmpty();
        assertThat(run.acknowledged()).as("acknowledged writes checked").isGreaterThan(iterations * 20L);
        long generation;
        try (JournalStateStore store = JournalStateStore.open(dir)) {
            generation = store.generation();
        }
        System.out.printf("crash suite: %d SIGKILLs, %d acknowledged writes checked, journal generation %d%n",
                iterations, run.acknowledged(), generation);
        assertThat(generation).as("the journal was compacted several times").isGreaterThanOrEqualTo(5);
    }

    @Test
    void theSuiteCatchesTheWritesTheOldMvStoreLostOnceItReusedSpace() throws Exception {
        // Weft 0.1's store with its retention time at 0 instead of 45 s: what every store was after a minute.
        CrashRun run = crashRepeatedly(StoreKind.mvStore(0), 12, 7L,
                v -> v.stream().anyMatch(line -> line.contains("acknowledged")));
        System.out.println("old MVStore under the crash suite, first of " + run.violations().size() + " violations: "
                + run.violations().subList(0, Math.min(3, run.violations().size())));

        assertThat(run.violations()).as("the old store loses acknowledged writes, and the suite sees it")
                .anyMatch(v -> v.contains("acknowledged"));
    }

    /** Runs the workload {@code iterations} times on one data directory, killing it each time; returns the findings. */
    private CrashRun crashRepeatedly(StoreKind kind, int iterations, long seed, Predicate<List<String>> stop)
            throws Exception {
        Path data = dir;
        seedSharedState(kind, data);
        Random random = new Random(seed);
        Map<Integer, Map<String, String>> model = new HashMap<>(); // client -> "table/key" -> row
        List<String> violations = new ArrayList<>();
        long acknowledged = 0;
        for (int i = 0; i < iterations && !stop.test(violations); i++) {
            List<String> output = runAndKill(data, kind, random.nextLong(), random.nextInt(300));
            CrashHistory history = CrashHistory.parse(output);
            acknowledged += history.acknowledged();
            StoredState recovered = load(kind, data);
            for (int k = 0; k < CLIENTS; k++) {
                Map<String, String> mine = model.computeIfAbsent(k, c -> new HashMap<>());
                history.acks(k).forEach(ack -> apply(mine, ack));
                Map<String, String> actual = rowsOf(recovered, k);
                checkClient(i, k, mine, actual, history, violations);
                mine.clear();
                mine.putAll(actual); // what the next run starts from (the in-flight write resolved either way)
            }
            checkNothingForeign(i, recovered, violations);
            checkAllocations(i, kind, data, recovered, violations);
            if (!violations.isEmpty()) {
                keepEvidence(kind, data, output);
            }
        }
        return new CrashRun(violations, acknowledged);
    }

    /** Leaves the failing run's output and store in target/crash-evidence for a look. */
    private static void keepEvidence(StoreKind kind, Path data, List<String> output) throws IOException {
        Path evidence = Path.of("target", "crash-evidence", kind.engine());
        if (Files.exists(evidence)) {
            deleteDirectory(evidence);
        }
        copyDirectory(data, evidence);
        Files.write(evidence.resolve("workload-output.txt"), output);
    }

    record CrashRun(List<String> violations, long acknowledged) {
    }

    private void seedSharedState(StoreKind kind, Path data) {
        try (StateStore store = kind.open(data)) {
            Topology topology = Topology.open(store);
            topology.upsertHost(Host.named(CrashWorkload.SHARED_HOST));
            topology.createNetwork(NetworkRequest.of(CrashWorkload.SHARED_NETWORKS.get(0), "10.1.0.0/26"));
            topology.createNetwork(NetworkRequest.of(CrashWorkload.SHARED_NETWORKS.get(1), "10.2.0.0/24"));
        }
    }

    /**
     * Runs the workload until it has acknowledged {@link #MIN_ACKS_PER_RUN} writes, then {@code extraMs} more, and
     * kills it. Counting acknowledgements rather than time makes every run do real work however fast this machine
     * is today (the first few hundred ms of a JVM are mostly class loading); the kill still lands anywhere.
     */
    private static List<String> runAndKill(Path data, StoreKind kind, long seed, int extraMs) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                CrashWorkload.class.getName(), data.toString(), kind.toString(), Long.toString(seed),
                Integer.toString(CLIENTS))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // Read all along: the pipe must not fill up, and what the child printed before SIGKILL stays readable.
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream stdout = child.getInputStream()) {
                stdout.transferTo(printed);
            } catch (IOException e) {
                // the child is gone; what was read is what it printed
            }
        }, "crash-workload-stdout");
        reader.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!printedText(printed).startsWith("READY\n")) {
                assertThat(child.isAlive() && System.nanoTime() < deadline).as("workload started").isTrue();
                Thread.sleep(5);
            }
            while (acks(printedText(printed)) < MIN_ACKS_PER_RUN) {
                assertThat(child.isAlive() && System.nanoTime() < deadline).as("workload acknowledging writes")
                        .isTrue();
                Thread.sleep(5);
            }
            Thread.sleep(extraMs);
        } finally {
            // SIGKILL. Not Process.destroyForcibly(): that also closes our end of the pipe, dropping the lines the
            // child printed last, which are exactly the acknowledgements this test is about.
            child.toHandle().destroyForcibly();
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(30_000);
        List<String> lines = new ArrayList<>(Arrays.asList(printedText(printed).split("\n", -1)));
        lines.remove(lines.size() - 1); // unterminated: cut by the kill, or empty
        return lines;
    }

    private static int acks(String printed) {
        int count = 0;
        for (int at = printed.indexOf("\nACK\t"); at >= 0; at = printed.indexOf("\nACK\t", at + 1)) {
            count++;
        }
        return count;
    }

    private static String printedText(ByteArrayOutputStream printed) {
        synchronized (printed) {
            return printed.toString(StandardCharsets.UTF_8);
        }
    }

    private static StoredState load(StoreKind kind, Path data) {
        try (StateStore store = kind.open(data)) {
            return store.load();
        }
    }

    private static void apply(Map<String, String> rows, CrashHistory.Ack ack) {
        String key = ack.table() + "/" + ack.key();
        if (ack.row().equals("-")) {
            rows.remove(key);
        } else {
            rows.put(key, ack.row());
        }
    }

    /** Client k's rows in a recovered store, as the workload wrote them. */
    private Map<String, String> rowsOf(StoredState state, int k) {
        String prefix = "c" + k + "-";
        Map<String, String> rows = new HashMap<>();
        state.networks().stream().filter(n -> n.name().startsWith(prefix)).forEach(n ->
                rows.put(StoreTables.NETWORKS + "/" + n.name(), codec.write(NetworkRow.of(n))));
        state.endpoints().stream().filter(e -> e.name().startsWith(prefix)).forEach(e ->
                rows.put(StoreTables.ENDPOINTS + "/" + e.id(), codec.write(EndpointRow.of(e))));
        state.hosts().stream().filter(h -> h.name().startsWith(prefix)).forEach(h ->
                rows.put(StoreTables.HOSTS + "/" + h.name(), codec.write(HostRow.of(h))));
        return rows;
    }

    /** The recovered rows equal the acknowledged ones, except for what the in-flight write may have done. */
    private static void checkClient(int run, int k, Map<String, String> acked, Map<String, String> actual,
                                    CrashHistory history, List<String> violations) {
        Set<String> differing = new HashSet<>(acked.keySet());
        differing.addAll(actual.keySet());
        differing.removeIf(key -> Objects.equals(acked.get(key), actual.get(key)));
        CrashHistory.Write inFlight = history.inFlight(k).orElse(null);
        for (Iterator<String> it = differing.iterator(); it.hasNext(); ) {
            String key = it.next();
            if (inFlight != null && explainedBy(inFlight, key, acked.get(key), actual.get(key))) {
                it.remove();
                inFlight = null; // one write explains one difference
            }
        }
        for (String key : differing) {
            String expected = acked.get(key);
            String found = actual.get(key);
            violations.add("run " + run + ", client " + k + ", " + key + ": "
                    + (expected == null ? "present but never acknowledged: " + found
                    : found == null ? "acknowledged but lost: " + expected
                    : "acknowledged " + expected + " but found " + found));
        }
    }

    private static boolean explainedBy(CrashHistory.Write write, String key, String before, String after) {
        String[] tableKey = key.split("/", 2);
        if (!write.table().equals(tableKey[0])) {
            return false;
        }
        boolean sameKey = write.key().equals(tableKey[1]) || (write.key().equals("*") && before == null);
        if (!sameKey) {
            return false;
        }
        return switch (write.mode()) {
            case "absent" -> after == null;
            case "exact" -> write.expected().equals(after);
            case "subset" -> after != null && before == null && containsAll(after, write.expected());
            default -> false;
        };
    }

    private static boolean containsAll(String rowJson, String subsetJson) {
        try {
            JsonNode row = JSON.readTree(rowJson);
            JsonNode subset = JSON.readTree(subsetJson);
            for (Iterator<String> names = subset.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!subset.get(name).equals(row.get(name))) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Only the workload's clients and the shared setup ever wrote: anything else came from nowhere. */
    private static void checkNothingForeign(int run, StoredState state, List<String> violations) {
        Stream.concat(state.networks().stream().map(Network::name), state.hosts().stream().map(Host::name))
                .filter(name -> !name.matches("c\\d+-.*") && !CrashWorkload.SHARED_NETWORKS.contains(name)
                        && !name.equals(CrashWorkload.SHARED_HOST))
                .forEach(name -> violations.add("run " + run + ": unexpected row " + name));
        for (String shared : CrashWorkload.SHARED_NETWORKS) {
            if (state.networks().stream().noneMatch(n -> n.name().equals(shared))) {
                violations.add("run " + run + ": shared network " + shared + " lost");
            }
        }
    }

    /**
     * IPAM and VNIs agree with the rows: unique and in range; and a reopened topology allocates around them (checked
     * on a copy, so the probes do not become part of the next run).
     */
    private void checkAllocations(int run, StoreKind kind, Path data, StoredState state, List<String> violations)
            throws IOException {
        Map<String, Network> networks = new HashMap<>();
        Set<Integer> vnis = new HashSet<>();
        for (Network network : state.networks()) {
            networks.put(network.name(), network);
            if (!vnis.add(network.vni())) {
                violations.add("run " + run + ": VNI " + network.vni() + " used twice");
            }
        }
        Map<String, Set<Integer>> ips = new HashMap<>();
        Map<String, Set<Long>> macs = new HashMap<>();
        for (Endpoint e : state.endpoints()) {
            Network network = networks.get(e.network());
            if (network == null) {
                violations.add("run " + run + ": endpoint " + e.name() + " in missing network " + e.network());
                continue;
            }
            boolean usable = network.subnet().contains(e.ip()) && e.ip() != network.gateway()
                    && e.ip() != network.subnet().networkAddress() && e.ip() != network.subnet().broadcastAddress();
            if (!usable || !ips.computeIfAbsent(e.network(), n -> new HashSet<>()).add(e.ip())) {
                violations.add("run " + run + ": endpoint " + e.name() + " has a bad or duplicate IP in " + e.network());
            }
            if (!macs.computeIfAbsent(e.network(), n -> new HashSet<>()).add(e.mac())) {
                violations.add("run " + run + ": endpoint " + e.name() + " has a duplicate MAC in " + e.network());
            }
        }
        Path copy = dir.resolveSibling(dir.getFileName() + "-probe-" + run);
        copyDirectory(data, copy);
        try (StateStore store = kind.open(copy)) {
            Topology topology = Topology.open(store);
            Network probe = topology.createNetwork(NetworkRequest.of("probe", "10.250.0.0/24"));
            if (vnis.contains(probe.vni())) {
                violations.add("run " + run + ": a new network was given VNI " + probe.vni() + ", already in use");
            }
            for (Network network : state.networks()) {
                try {
                    Endpoint e = topology.createEndpoint(network.name(),
                            EndpointRequest.of("probe", CrashWorkload.SHARED_HOST));
                    if (ips.getOrDefault(network.name(), Set.of()).contains(e.ip())) {
                        violations.add("run " + run + ": a new endpoint in " + network.name() + " got a used IP");
                    }
                } catch (TopologyException full) {
                    // a full subnet refuses, which is consistent
                }
            }
        } finally {
            deleteDirectory(copy);
        }
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals(StoreLock.FILE_NAME)) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
    }

    private static void deleteDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }
}
