package io.weft.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A real etcd cluster on loopback for tests (Debian's etcd-server, 3.4): N members, each with its own client and
 * peer port, data on tmpfs ({@code /dev/shm}, so no test waits on a disk's fsync). The election timers are set for
 * a loaded 2-core machine (heartbeat 250 ms, election 2.5 s: with etcd's defaults of 100 ms and 1 s, members busy
 * with a build missed heartbeats and held elections). Members can be killed and started again on their data.
 */
public final class EtcdCluster implements AutoCloseable {
    private static final String ETCD = "/usr/bin/etcd";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final int[] clientPorts;
    private final int[] peerPorts;
    private final Process[] members;
    private final Timers timers;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    /**
     * etcd's raft timers. The lease TTL a cluster grants is at least 1.5 election timeouts, rounded up to seconds,
     * which bounds how fast a dead leader's lease expires.
     */
    public record Timers(int heartbeatMs, int electionMs) {
        /** For a loaded 2-core machine: no spurious elections while a build runs; leases of 4 s at least. */
        public static final Timers LOADED = new Timers(250, 2500);
        /** etcd's defaults: leases of 2 s at least (for failover tests; a busy member may hold an election). */
        public static final Timers FAST = new Timers(100, 1000);
    }

    private EtcdCluster(int size, Timers timers) throws IOException {
        this.timers = timers;
        Path shm = Path.of("/dev/shm");
        this.dir = Files.createTempDirectory(Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")),
                "weft-etcd-");
        int[] ports = FreePorts.pick(2 * size);
        this.clientPorts = IntStream.range(0, size).map(i -> ports[2 * i]).toArray();
        this.peerPorts = IntStream.range(0, size).map(i -> ports[2 * i + 1]).toArray();
        this.members = new Process[size];
    }

    /** Starts {@code size} members and returns once every one of them reports itself healthy. */
    public static EtcdCluster start(int size) throws IOException {
        return start(size, Timers.LOADED);
    }

    /** Starts {@code size} members with these raft timers; returns once every one reports itself healthy. */
    public static EtcdCluster start(int size, Timers timers) throws IOException {
        if (!Files.isExecutable(Path.of(ETCD))) {
            throw new IllegalStateException(ETCD + " is missing: apt-get install etcd-server (bin/run-tests does)");
        }
        EtcdCluster cluster = new EtcdCluster(size, timers);
        try {
            for (int i = 0; i < size; i++) {
                cluster.launch(i);
            }
            for (int i = 0; i < size; i++) {
                cluster.awaitHealthy(i);
            }
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Every member's client URL, in member order. */
    public List<URI> clientUrls() {
        return IntStream.of(clientPorts).mapToObj(p -> URI.create("http://127.0.0.1:" + p)).toList();
    }

    /** {@code kill -9} of member {@code i}. */
    public void kill(int i) throws InterruptedException {
        Process p = members[i];
        if (p != null) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            members[i] = null;
        }
    }

    /** Starts member {@code i} again on its data; returns once it reports itself healthy (a quorum must be up). */
    public void restart(int i) throws IOException {
        launch(i);
        awaitHealthy(i);
    }

    /**
     * Returns once every running member reports itself healthy, i.e. sees a leader: after a member is killed, the
     * others may need an election (up to two election timeouts) before they take writes again.
     */
    public void awaitHealthy() throws IOException {
        for (int i = 0; i < members.length; i++) {
            if (members[i] != null) {
                awaitHealthy(i);
            }
        }
    }

    private void launch(int i) throws IOException {
        String name = "m" + i;
        List<String> initial = new ArrayList<>();
        for (int j = 0; j < peerPorts.length; j++) {
            initial.add("m" + j + "=http://127.0.0.1:" + peerPorts[j]);
        }
        String client = "http://127.0.0.1:" + clientPorts[i];
        String peer = "http://127.0.0.1:" + peerPorts[i];
        members[i] = new ProcessBuilder(ETCD, "--name", name, "--data-dir", dir.resolve(name).toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", String.join(",", initial), "--initial-cluster-token", dir.getFileName().toString(),
                "--initial-cluster-state", "new", "--heartbeat-interval", Integer.toString(timers.heartbeatMs()),
                "--election-timeout", Integer.toString(timers.electionMs()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log")
                        .toFile())).start();
    }

    private void awaitHealthy(int i) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        URI health = URI.create("http://127.0.0.1:" + clientPorts[i] + "/health");
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"true\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (!members[i].isAlive() || System.nanoTime() > deadline) {
                throw new IOException("etcd member m" + i + " not healthy; see " + dir.resolve("m" + i + ".log"));
            }
            sleep(100);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every member (SIGTERM, then SIGKILL: a last member without peers can ignore SIGTERM) and its data. */
    @Override
    public void close() throws IOException {
        for (Process p : members) {
            if (p != null) {
                p.destroy();
            }
        }
        for (int i = 0; i < members.length; i++) {
            Process p = members[i];
            if (p != null) {
                try {
                    if (!p.waitFor(5, TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                members[i] = null;
            }
        }
        Processes.deleteRecursively(dir);
    }
}
