package io.weft.apps.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.testkit.OvsInstance;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three controllers on etcd, two hosts that list all three (issue 20): one leader, which alone is MASTER on the
 * switches and writes; its death (kill -9) or pause (SIGSTOP past its lease) hands the cluster to a standby without
 * losing an acknowledged write or re-adding a flow, and a paused leader that wakes up is refused everywhere.
 */
class ClusterIT {
    private static final Pattern DURATION = Pattern.compile("duration=([0-9.]+)s, ");
    private static final Pattern STATS = Pattern.compile("(duration|n_packets|n_bytes|idle_age|hard_age)=[^ ,]+,? ?");

    private ControllerCluster cluster;
    private final List<OvsInstance> hosts = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cluster = ControllerCluster.start(3);
        for (int h = 1; h <= 2; h++) {
            OvsInstance ovs = OvsInstance.start("cl" + h);
            hosts.add(ovs);
            ovs.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=node" + h,
                    "external_ids:weft-tunnel-ip=198.18.0." + h, "external_ids:weft-datapath-type=dummy");
            List<String> args = new ArrayList<>(List.of("set-manager"));
            args.addAll(List.of(cluster.managers()));
            ovs.vsctl(args.toArray(String[]::new));
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (OvsInstance h : hosts) {
            h.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killingTheLeaderHandsOverWithoutLosingAWriteOrReAddingAFlow() throws Exception {
        int leader = cluster.awaitLeader(30, 0, 1, 2);
        int standby = (leader + 1) % 3;
        // A standby forwards every call to the leader and returns its answer, naming it.
        assertThat(cluster.post(standby, "/api/v1/networks", "{\"name\":\"via-standby\",\"subnet\":\"10.7.9.0/24\"}")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> forwarded = cluster.get(standby, "/api/v1/networks/via-standby");
        assertThat(forwarded.statusCode()).isEqualTo(200);
        assertThat(forwarded.headers().firstValue("Weft-Leader")).hasValue(cluster.api(leader));
        assertThat(cluster.get(leader, "/api/v1/networks/via-standby").statusCode()).isEqualTo(200);
        assertThat(cluster.status(standby).orElseThrow().path("leader").path("api").asText())
                .isEqualTo(cluster.api(leader));
        // Each member answers /metrics itself: a standby its own (no overlay to report), not the leader's.
        assertThat(cluster.get(standby, "/metrics").body()).contains("weft_cluster_leader 0.0")
                .contains("jvm_memory_used_bytes").doesNotContain("weft_flows_desired");
        assertThat(cluster.get(leader, "/metrics").body()).contains("weft_cluster_leader 1.0");

        String shown = cli("cluster", "status", "--controller", cluster.api(standby));
        assertThat(shown).contains("c" + standby + " (standby)").containsPattern("Leader: +c" + leader + " " + cluster.api(leader) + " \\(fence [0-9]+\\)")
                .contains("yes");
        assertThat(shown.lines().filter(l -> l.startsWith("c") && l.contains("http://127.0.0."))).hasSize(3);

        awaitHostsReady(leader);
        for (OvsInstance h : hosts) {
            awaitControllers(h);
            awaitMaster(h, leader);
        }
        assertThat(cluster.post(leader, "/api/v1/networks", "{\"name\":\"blue\",\"subnet\":\"10.7.0.0/24\"}")
                .statusCode()).isEqualTo(201);
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            acknowledged.add(plug(leader, "before" + i, hosts.get(i % 2), "node" + (i % 2 + 1)));
        }
        Map<String, Double> flowsBefore = flows(hosts.get(0));
        assertThat(flowsBefore).isNotEmpty();

        long killedAt = System.nanoTime();
        cluster.member(leader).kill();
        int next = cluster.awaitLeader(30, others(leader));
        long electedMs = (System.nanoTime() - killedAt) / 1_000_000;
        String after = plug(next, "after", hosts.get(1), "node2");
        long installedMs = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf("failover after kill -9: new leader serving after %d ms, new endpoint installed after %d ms%n",
                electedMs, installedMs);

        for (String id : acknowledged) {
            HttpResponse<String> r = cluster.get(next, "/api/v1/networks/blue/endpoints/" + id);
            assertThat(r.statusCode()).as("acknowledged before the kill: " + id).isEqualTo(200);
            assertThat(cluster.json(r).path("status").asText()).isEqualTo("installed");
        }
        for (OvsInstance h : hosts) {
            awaitMaster(h, next);
        }
        // Every flow installed before the kill is still there, not re-added: its age kept growing.
        Map<String, Double> flowsAfter = flows(hosts.get(0));
        for (Map.Entry<String, Double> f : flowsBefore.entrySet()) {
            assertThat(flowsAfter).as("flow kept: " + f.getKey()).containsKey(f.getKey());
            assertThat(flowsAfter.get(f.getKey())).as("age of " + f.getKey()).isGreaterThanOrEqualTo(f.getValue());
        }
        assertThat(after).isNotBlank();

        // The killed member comes back as a standby; the leader stays.
        cluster.startMember(leader);
        Thread.sleep(1_000);
        assertThat(cluster.status(leader).orElseThrow().path("role").asText()).isEqualTo("standby");
        assertThat(cluster.status(next).orElseThrow().path("role").asText()).isEqualTo("leader");
    }

    @Test
    void aLeaderPausedPastItsLeaseIsRefusedByTheStoreAndTheSwitchesAndStops() throws Exception {
        int leader = leaderWithBlue("10.7.0.0/24");

        cluster.member(leader).signal("STOP");
        int next = cluster.awaitLeader(30, others(leader));
        for (OvsInstance h : hosts) {
            awaitMaster(h, next);
        }
        // A write sent to the paused leader waits in its socket until it wakes up.
        java.util.concurrent.CompletableFuture<Integer> late = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return cluster.post(leader, "/api/v1/networks", "{\"name\":\"late\",\"subnet\":\"10.7.1.0/24\"}")
                        .statusCode();
            } catch (Exception e) {
                return -1; // it stopped before it answered
            }
        });
        Thread.sleep(300);
        cluster.member(leader).signal("CONT");

        assertThat(cluster.member(leader).exitStatus(30)).as("the deposed leader stops\n" + cluster.logs())
                .hasValue(WeftController.DEPOSED_EXIT_STATUS);
        assertThat(late.get(30, TimeUnit.SECONDS)).as("the paused leader's write is not acknowledged").isNotEqualTo(201);
        assertThat(cluster.get(next, "/api/v1/networks/late").statusCode()).as("nor stored").isEqualTo(404);
        assertThat(cluster.get(next, "/api/v1/networks/blue").statusCode()).isEqualTo(200);
        for (OvsInstance h : hosts) {
            awaitMaster(h, next);
        }
    }

    @Test
    void etcdLosingItsQuorumFailsWritesWithTheReasonLeavesTheDataPlaneAndResumes() throws Exception {
        int leader = cluster.awaitLeader(30, 0, 1, 2);
        awaitHostsReady(leader);
        assertThat(cluster.post(leader, "/api/v1/networks", "{\"name\":\"blue\",\"subnet\":\"10.7.0.0/24\"}")
                .statusCode()).isEqualTo(201);
        plug(leader, "before", hosts.get(0), "node1");
        Map<String, Double> flowsBefore = flows(hosts.get(0));

        cluster.etcd.kill(0);
        cluster.etcd.awaitHealthy();
        int current = cluster.awaitLeader(30, 0, 1, 2);
        assertThat(cluster.post(current, "/api/v1/networks", "{\"name\":\"one-down\",\"subnet\":\"10.7.1.0/24\"}")
                .statusCode()).as("one etcd member down: writes go on").isEqualTo(201);

        cluster.etcd.kill(1);
        HttpResponse<String> refused;
        try {
            refused = cluster.post(current, "/api/v1/networks", "{\"name\":\"no-quorum\",\"subnet\":\"10.7.2.0/24\"}");
        } catch (java.io.IOException e) {
            throw new AssertionError("the write got no answer\n" + cluster.logs(), e);
        }
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.body()).contains("etcd");
        assertThat(flows(hosts.get(0)).keySet()).as("the data plane is untouched").isEqualTo(flowsBefore.keySet());

        cluster.etcd.restart(0);
        cluster.etcd.restart(1);
        // The leader that made a write of unknown outcome stepped down; the next one loads what etcd holds.
        int resumed = cluster.awaitLeader(30, 0, 1, 2);
        assertThat(cluster.post(resumed, "/api/v1/networks", "{\"name\":\"after\",\"subnet\":\"10.7.3.0/24\"}")
                .statusCode()).isEqualTo(201);
        assertThat(cluster.get(resumed, "/api/v1/networks/blue/endpoints/before").statusCode()).isEqualTo(200);
        assertThat(cluster.get(resumed, "/api/v1/networks/one-down").statusCode()).isEqualTo(200);
        assertThat(flows(hosts.get(0)).keySet()).containsAll(flowsBefore.keySet());
    }

    @Test
    void aRollingRestartUnderLoadKeepsOneMasterAndEveryAcknowledgedWrite() throws Exception {
        int leader = leaderWithBlue("10.7.0.0/22");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<String> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> roleViolations = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread load = new Thread(() -> writeUntil(stop, acknowledged), "rest-load");
        Thread roles = new Thread(() -> watchMasters(stop, roleViolations), "role-watch");
        load.start();
        roles.start();
        try {
            int[] order = {(leader + 1) % 3, (leader + 2) % 3, leader}; // standbys first, the leader last
            for (int m : order) {
                cluster.member(m).close(); // SIGTERM: a leader revokes its lease on the way out
                cluster.startMember(m);
                Thread.sleep(1_000);
            }
        } finally {
            stop.set(true);
            load.join(30_000);
            roles.join(30_000);
        }
        int last = cluster.awaitLeader(30, 0, 1, 2);
        assertThat(roleViolations).as("never two masters on a switch").isEmpty();
        assertThat(acknowledged.size()).as("writes went on during the restarts").isGreaterThan(10);
        for (String name : acknowledged) {
            assertThat(cluster.get(last, "/api/v1/networks/blue/endpoints/" + name).statusCode())
                    .as("acknowledged: " + name).isEqualTo(200);
        }
    }

    /** Creates endpoints one after the other at whichever controller leads, following 503's Weft-Leader. */
    private void writeUntil(java.util.concurrent.atomic.AtomicBoolean stop, List<String> acknowledged) {
        int target = 0;
        for (int i = 0; !stop.get(); ) {
            String name = "load" + i;
            try {
                HttpResponse<String> r = cluster.post(target, "/api/v1/networks/blue/endpoints",
                        "{\"name\":\"" + name + "\",\"host\":\"node1\"}");
                if (r.statusCode() == 201) {
                    acknowledged.add(name);
                    i++;
                } else if (r.statusCode() == 409) {
                    i++; // an earlier attempt whose answer was lost did store it
                } else {
                    target = (target + 1) % 3;
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                target = (target + 1) % 3;
            }
        }
    }

    /** Samples br-int's controller roles on every host; records any moment with more than one master. */
    private void watchMasters(java.util.concurrent.atomic.AtomicBoolean stop, List<String> violations) {
        while (!stop.get()) {
            for (OvsInstance h : hosts) {
                try {
                    String bare = h.vsctl("--columns=role", "--data=bare", "--no-headings", "list", "Controller");
                    if (bare.lines().filter(l -> l.equals("master")).count() > 1) {
                        violations.add(h.name() + ": " + bare.replace('\n', ' '));
                    }
                } catch (Exception e) {
                    violations.add(h.name() + ": " + e);
                }
            }
        }
    }

    /** Waits for a leader, both hosts ready under it as their only master, and creates network blue. */
    private int leaderWithBlue(String subnet) throws Exception {
        int leader = cluster.awaitLeader(30, 0, 1, 2);
        awaitHostsReady(leader);
        for (OvsInstance h : hosts) {
            awaitMaster(h, leader);
        }
        assertThat(cluster.post(leader, "/api/v1/networks", "{\"name\":\"blue\",\"subnet\":\"" + subnet + "\"}")
                .statusCode()).isEqualTo(201);
        return leader;
    }

    /** The packaged CLI ({@code java -jar weft.jar ARGS}); its output, once it exited 0. */
    private static String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", System.getProperty("weft.jar")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    private int[] others(int member) {
        return java.util.stream.IntStream.range(0, 3).filter(i -> i != member).toArray();
    }

    private void awaitHostsReady(int leader) throws Exception {
        for (int h = 1; h <= hosts.size(); h++) {
            String name = "node" + h;
            await(() -> {
                HttpResponse<String> r = cluster.get(leader, "/api/v1/hosts/" + name);
                return r.statusCode() == 200 && cluster.json(r).path("ready").asBoolean();
            }, "host " + name + " ready");
        }
    }

    /** Creates an endpoint, plugs its port on the host and waits for it to be installed; returns its name. */
    private String plug(int leader, String name, OvsInstance host, String hostName) throws Exception {
        HttpResponse<String> created = cluster.post(leader, "/api/v1/networks/blue/endpoints",
                "{\"name\":\"" + name + "\",\"host\":\"" + hostName + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = cluster.json(created).path("id").asText();
        String port = "p" + name;
        host.vsctl("add-port", "br-int", port, "--", "set", "Interface", port, "type=dummy",
                "external_ids:iface-id=" + id);
        await(() -> cluster.json(cluster.get(leader, "/api/v1/networks/blue/endpoints/" + name)).path("status")
                .asText().equals("installed"), name + " installed");
        return name;
    }

    /** br-int lists the three controllers. */
    private void awaitControllers(OvsInstance h) throws Exception {
        String want = String.join("\n", cluster.openflowTarget(0), cluster.openflowTarget(1), cluster.openflowTarget(2));
        await(() -> h.vsctl("get-controller", "br-int").equals(want), "three controller targets");
    }

    /** OVS shows {@code member} as the only master of br-int. */
    private void awaitMaster(OvsInstance h, int member) throws Exception {
        await(() -> {
            String bare = h.vsctl("--columns=target,role", "--data=bare", "--no-headings", "list", "Controller");
            String[] lines = bare.split("\n");
            List<String> masters = new ArrayList<>();
            for (int i = 0; i + 1 < lines.length; i += 3) {
                if (lines[i + 1].equals("master")) {
                    masters.add(lines[i]);
                }
            }
            return masters.equals(List.of(cluster.openflowTarget(member)));
        }, "c" + member + " the only master");
    }

    /** Each flow of br-int without its counters, with its age in seconds. */
    private static Map<String, Double> flows(OvsInstance h) throws Exception {
        Map<String, Double> out = new HashMap<>();
        for (String line : h.ofctl("dump-flows", "br-int").split("\n")) {
            Matcher m = DURATION.matcher(line);
            if (m.find()) {
                out.put(STATS.matcher(line).replaceAll("").trim(), Double.parseDouble(m.group(1)));
            }
        }
        return out;
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private void await(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not within 30 s: " + what + "\n" + cluster.logs());
    }
}
