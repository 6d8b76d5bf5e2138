package io.weft.apps.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.testkit.EtcdCluster;
import io.weft.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Three packaged controllers ({@code java -jar weft.jar controller}) on one real 3-member etcd, as a cluster runs
 * on three machines: each listens on its own loopback address (127.0.0.1, .2, .3) with the same ports, so a host
 * lists them as {@code set-manager tcp:127.0.0.1:P tcp:127.0.0.2:P tcp:127.0.0.3:P}. etcd runs with its default
 * timers: the leader's lease is 2 s.
 */
final class ControllerCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    final EtcdCluster etcd;
    final int openflowPort;
    final int ovsdbPort;
    final int restPort;
    private final ControllerProcess[] members;
    private final Path dataRoot;

    private ControllerCluster(EtcdCluster etcd, int size) throws Exception {
        this.etcd = etcd;
        int[] ports = FreePorts.pick(3);
        this.openflowPort = ports[0];
        this.ovsdbPort = ports[1];
        this.restPort = ports[2];
        this.members = new ControllerProcess[size];
        this.dataRoot = Files.createTempDirectory("weft-cluster-");
    }

    static ControllerCluster start(int size) throws Exception {
        ControllerCluster c = new ControllerCluster(EtcdCluster.start(3, EtcdCluster.Timers.FAST), size);
        try {
            for (int i = 0; i < size; i++) {
                c.startMember(i);
            }
        } catch (Exception | AssertionError e) {
            c.close();
            throw e;
        }
        return c;
    }

    String address(int i) {
        return "127.0.0." + (i + 1);
    }

    String store() {
        return "etcd://" + etcd.clientUrls().stream().map(u -> u.getHost() + ":" + u.getPort())
                .collect(Collectors.joining(",")) + "/cluster-it";
    }

    /** Starts member {@code i} (again): it stands by or leads. */
    void startMember(int i) throws Exception {
        members[i] = ControllerProcess.start("--listen", address(i), "--openflow-port", Integer.toString(openflowPort),
                "--ovsdb-port", Integer.toString(ovsdbPort), "--rest-port", Integer.toString(restPort),
                "--data-dir", dataRoot.resolve("c" + i).toString(), "--store", store(), "--member", "c" + i,
                "--dns-upstream", "none");
    }

    ControllerProcess member(int i) {
        return members[i];
    }

    /** The OVSDB managers a host lists: every controller. */
    String[] managers() {
        String[] targets = new String[members.length];
        for (int i = 0; i < members.length; i++) {
            targets[i] = "tcp:" + address(i) + ":" + ovsdbPort;
        }
        return targets;
    }

    String openflowTarget(int i) {
        return "tcp:" + address(i) + ":" + openflowPort;
    }

    String api(int i) {
        return "http://" + address(i) + ":" + restPort;
    }

    /** GET /api/v1/cluster of member {@code i}; empty if it does not answer. */
    Optional<JsonNode> status(int i) {
        try {
            HttpResponse<String> r = get(i, "/api/v1/cluster");
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Waits until one of {@code candidates} says it leads and the others (that answer) agree; returns it. */
    int awaitLeader(long seconds, int... candidates) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (int i : candidates) {
                if (status(i).map(s -> s.path("role").asText().equals("leader")).orElse(false)
                        && leaderServes(i)) {
                    return i;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no leader among " + java.util.Arrays.toString(candidates) + " within " + seconds
                + " s");
    }

    /** The leader's own REST API is up (while it is being promoted, its standby's API still answers 503). */
    private boolean leaderServes(int i) {
        try {
            return get(i, "/api/v1/networks").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    HttpResponse<String> get(int i, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api(i) + path)).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(int i, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api(i) + path)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** Every member's log tail, for failure messages. */
    String logs() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < members.length; i++) {
            if (members[i] != null) {
                out.add("--- c" + i + ":\n" + members[i].tail());
            }
        }
        return String.join("\n", out);
    }

    /** Stops every member and etcd, whatever fails on the way; the first failure is thrown at the end. */
    @Override
    public void close() throws Exception {
        Throwable first = null;
        for (ControllerProcess p : members) {
            if (p != null) {
                try {
                    p.signal("CONT"); // a paused one must be able to stop
                } catch (Exception | Error gone) {
                    // it has exited
                }
                try {
                    p.close();
                } catch (Exception | Error e) {
                    first = first == null ? e : first;
                }
            }
        }
        etcd.close();
        if (first instanceof Exception e) {
            throw e;
        } else if (first != null) {
            throw (Error) first;
        }
    }
}
