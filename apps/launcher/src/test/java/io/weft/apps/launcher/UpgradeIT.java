package io.weft.apps.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.testkit.OvsInstance;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hitless upgrade, as users do it: a network runs under the previous release's controller (TLS, two hosts, two
 * routed networks); the controller is stopped and this build's is started on the same data directory. OVS's own flow
 * monitor watches both bridges across the swap: no flow may be deleted, re-added or modified unless its content
 * changed between the releases, and every unchanged flow and group keeps its age (a replaced one would restart it).
 */
class UpgradeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COOKIE = Pattern.compile("cookie=(0x[0-9a-f]+)");
    private static final Pattern DURATION = Pattern.compile("duration=([0-9.]+)s");

    @Test
    void upgradingFromThePreviousReleaseDeletesOrReaddsNoFlow() throws Exception {
        Path previousJar = PreviousRelease.jar();
        Path data = Files.createTempDirectory("weft-upgrade-");
        int rest = ControllerProcess.freePort();
        int ovsdb = ControllerProcess.freePort();
        int openflow = ControllerProcess.freePort();
        String[] args = {"--tls", "--listen", "127.0.0.1", "--openflow-port", Integer.toString(openflow),
                "--ovsdb-port", Integer.toString(ovsdb), "--rest-port", Integer.toString(rest), "--data-dir",
                data.toString()};
        List<OvsInstance> hosts = new ArrayList<>();
        ControllerProcess previous = ControllerProcess.startJar(previousJar, List.of(), args);
        try {
            HttpsApi api = new HttpsApi(rest, data);
            buildNetwork(api, hosts, ovsdb);
            Map<String, Snapshot> before = new HashMap<>();
            List<Process> monitors = new ArrayList<>();
            for (OvsInstance h : hosts) {
                before.put(h.name(), Snapshot.of(h));
                monitors.add(h.monitorFlows("br-int", h.directory().resolve("monitor.txt")));
            }
            Thread.sleep(500); // the monitors have subscribed
            long swapStarted = System.nanoTime();
            previous.close();
            previous = null;
            try (ControllerProcess current = ControllerProcess.start(args)) {
                for (OvsInstance h : hosts) {
                    awaitHost(api, h.name(), host -> host.path("openflow").asText().equals("connected"), current);
                }
                for (OvsInstance h : hosts) {
                    // An audit reads the switch back after the reconnect's resync: once it answers, the new
                    // controller has done everything it meant to do to this switch.
                    HttpResponse<String> audit = api.post("/api/v1/hosts/" + h.name() + "/audit", "{}");
                    assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
                    assertThat(JSON.readTree(audit.body()).path("repairs")).as("audit of %s", h.name()).isEmpty();
                }
                Thread.sleep(500);
                double swapSeconds = (System.nanoTime() - swapStarted) / 1e9;
                for (int i = 0; i < hosts.size(); i++) {
                    OvsInstance h = hosts.get(i);
                    monitors.get(i).destroy();
                    monitors.get(i).waitFor(5, TimeUnit.SECONDS);
                    Snapshot after = Snapshot.of(h);
                    Snapshot was = before.get(h.name());
                    // Flows whose content is in both releases' pipelines must be untouched, cookie included;
                    // only flows of content one release has and the other lacks may come and go.
                    Set<String> kept = new TreeSet<>(was.cookieByContent.keySet());
                    kept.retainAll(after.cookieByContent.keySet());
                    Set<String> keptCookies = new TreeSet<>();
                    for (String content : kept) {
                        assertThat(after.cookieByContent.get(content)).as("cookie of %s on %s", content, h.name())
                                .isEqualTo(was.cookieByContent.get(content));
                        keptCookies.add(was.cookieByContent.get(content));
                    }
                    List<String> events = Files.readAllLines(h.directory().resolve("monitor.txt")).stream()
                            .filter(l -> l.contains("event=")).toList();
                    assertThat(events).as("flow changes on %s across the upgrade", h.name())
                            .noneMatch(e -> keptCookies.contains(cookieOf(e)));
                    // This pair of releases installs the same pipeline, so nothing at all may change; a release that
                    // changes the pipeline replaces these two lines with the differences it expects.
                    assertThat(kept).as("flows both releases install on %s", h.name())
                            .hasSize(was.cookieByContent.size()).hasSize(after.cookieByContent.size());
                    assertThat(events).as("flow changes on %s across the upgrade", h.name()).isEmpty();
                    assertThat(after.groups).as("groups on %s", h.name()).isEqualTo(was.groups);
                    for (String cookie : keptCookies) {
                        assertThat(after.flowAges.get(cookie)).as("age of %s on %s", cookie, h.name())
                                .isGreaterThanOrEqualTo(was.flowAges.get(cookie) + swapSeconds - 1.0);
                    }
                    for (Map.Entry<String, Double> group : was.groupAges.entrySet()) {
                        assertThat(after.groupAges.get(group.getKey())).as("age of group %s on %s", group.getKey(),
                                h.name()).isGreaterThanOrEqualTo(group.getValue() + swapSeconds - 1.0);
                    }
                }
            }
        } finally {
            if (previous != null) {
                previous.close();
            }
            for (OvsInstance h : hosts) {
                h.close();
            }
        }
    }

    /** node1 and node2 over TLS; net1 and net2 on router r1; three endpoints of each network on each host, plugged. */
    private static void buildNetwork(HttpsApi api, List<OvsInstance> hosts, int ovsdb) throws Exception {
        for (int n = 1; n <= 2; n++) {
            String name = "node" + n;
            HttpResponse<String> admitted = api.post("/api/v1/hosts", "{\"name\":\"" + name + "\"}");
            assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(201);
            JsonNode admission = JSON.readTree(admitted.body());
            OvsInstance ovs = OvsInstance.start(name); // the instance is named as its host
            hosts.add(ovs);
            ovs.useSsl(admission.path("privateKey").asText(), admission.path("certificate").asText(),
                    admission.path("caCertificate").asText());
            ovs.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=" + name,
                    "external_ids:weft-tunnel-ip=198.18.0." + n, "external_ids:weft-datapath-type=dummy");
            ovs.vsctl("set-manager", "ssl:127.0.0.1:" + ovsdb);
        }
        assertThat(api.post("/api/v1/networks", "{\"name\":\"net1\",\"subnet\":\"10.10.10.0/24\"}").statusCode())
                .isEqualTo(201);
        assertThat(api.post("/api/v1/networks", "{\"name\":\"net2\",\"subnet\":\"10.20.0.0/24\"}").statusCode())
                .isEqualTo(201);
        assertThat(api.post("/api/v1/routers", "{\"name\":\"r1\"}").statusCode()).isEqualTo(201);
        for (String net : List.of("net1", "net2")) {
            assertThat(api.send("PUT", "/api/v1/routers/r1/networks/" + net, null, api.adminToken()).statusCode())
                    .isEqualTo(200);
        }
        for (OvsInstance h : hosts) {
            awaitHost(api, h.name(), host -> host.path("openflow").asText().equals("connected"), null);
            for (String net : List.of("net1", "net2")) {
                for (int i = 0; i < 3; i++) {
                    String name = net + "-" + h.name() + "-" + i;
                    HttpResponse<String> created = api.post("/api/v1/networks/" + net + "/endpoints",
                            "{\"name\":\"" + name + "\",\"host\":\"" + h.name() + "\"}");
                    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                    String id = JSON.readTree(created.body()).path("id").asText();
                    String port = "t" + Integer.toHexString(name.hashCode());
                    h.vsctl("add-port", "br-int", port, "--", "set", "Interface", port, "type=dummy",
                            "external_ids:iface-id=" + id);
                }
            }
        }
        for (String net : List.of("net1", "net2")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                List<String> statuses = new ArrayList<>();
                JSON.readTree(api.get("/api/v1/networks/" + net + "/endpoints").body())
                        .forEach(e -> statuses.add(e.path("status").asText()));
                if (statuses.size() == 6 && statuses.stream().allMatch("installed"::equals)) {
                    break;
                }
                assertThat(System.nanoTime()).as("%s installed: %s", net, statuses).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    private static void awaitHost(HttpsApi api, String name, Predicate<JsonNode> condition, ControllerProcess c)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = api.get("/api/v1/hosts/" + name);
            if (r.statusCode() == 200) {
                last = JSON.readTree(r.body());
                if (condition.test(last)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("host " + name + " not as expected within 40 s: " + last
                + (c == null ? "" : "\n" + c.tail()));
    }

    private static String cookieOf(String line) {
        Matcher m = COOKIE.matcher(line);
        return m.find() ? m.group(1) : "(none)";
    }

    /** A bridge's flows and groups: content by cookie, and each one's age as OVS reports it. */
    private record Snapshot(Map<String, String> cookieByContent, Map<String, Double> flowAges, Set<String> groups,
                            Map<String, Double> groupAges) {
        static Snapshot of(OvsInstance h) throws Exception {
            Map<String, String> flows = new HashMap<>();
            Map<String, Double> ages = new HashMap<>();
            for (String line : h.ofctl("dump-flows", "br-int").split("\n")) {
                if (!line.contains("cookie=")) {
                    continue;
                }
                String cookie = cookieOf(line);
                String content = line.replaceAll("cookie=0x[0-9a-f]+, |duration=[0-9.]+s, |n_packets=\\d+, "
                        + "|n_bytes=\\d+, |idle_age=\\d+, |hard_age=\\d+, ", "").strip();
                assertThat(flows.put(content, cookie)).as("two flows of one content on %s", h.name()).isNull();
                Matcher d = DURATION.matcher(line);
                assertThat(d.find()).as(line).isTrue();
                ages.put(cookie, Double.parseDouble(d.group(1)));
            }
            assertThat(flows).as("flows on %s", h.name()).hasSizeGreaterThan(30);
            Set<String> groups = new TreeSet<>();
            for (String line : h.ofctl("dump-groups", "br-int").split("\n")) {
                if (line.contains("group_id=")) {
                    groups.add(line.strip());
                }
            }
            Map<String, Double> groupAges = new HashMap<>();
            for (String line : h.ofctl("dump-group-stats", "br-int").split("\n")) {
                Matcher id = Pattern.compile("group_id=(\\d+)").matcher(line);
                Matcher d = DURATION.matcher(line);
                if (id.find() && d.find()) {
                    groupAges.put(id.group(1), Double.parseDouble(d.group(1)));
                }
            }
            assertThat(groupAges).as("group ages on %s", h.name()).hasSize(groups.size()).isNotEmpty();
            return new Snapshot(flows, ages, groups, groupAges);
        }
    }
}
