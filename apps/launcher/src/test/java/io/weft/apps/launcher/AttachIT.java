package io.weft.apps.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.testkit.NetNamespace;
import io.weft.testkit.NetdevHost;
import io.weft.testkit.OvsInstance;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code weft attach} and {@code weft detach} as an operator runs them on a host: the packaged jar, real OVS
 * (userspace datapath) and real namespaces. Two hosts are network namespaces, each with its own OVS, br-phy on an
 * underlay veth and a management veth (198.19.N.0/24) to the root namespace, where the controller runs. The CLI
 * runs inside the host's namespace, since that is where its veth and OVS port must be, and reaches the controller
 * over the management link.
 */
class AttachIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String tag = String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int rest;
    private int ovsdb;

    /** One simulated host: its namespace, its OVS, and the controller URL as seen from inside it. */
    private record Host(NetNamespace ns, OvsInstance ovs, String controllerUrl) {
    }

    /** The outcome of one {@code java -jar weft.jar ...}. */
    private record Run(int exitCode, String out, String err) {
    }

    @AfterEach
    void tearDown() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            try {
                cleanup.get(i).close();
            } catch (Exception e) {
                System.err.println("cleanup: " + e);
            }
        }
    }

    @Test
    void attachPingDetachAcrossTwoHostsIdempotently() throws Exception {
        startController();
        NetNamespace h1 = ns("weft-h1-" + tag);
        NetNamespace h2 = ns("weft-h2-" + tag);
        NetNamespace c1 = ns("weft-c1-" + tag);
        NetNamespace c2 = ns("weft-c2-" + tag);
        h1.exec("ip", "link", "add", "wu1" + tag, "type", "veth", "peer", "name", "wu2" + tag, "netns", h2.name());
        Host host1 = host(h1, 1, "node1", "wu1" + tag);
        Host host2 = host(h2, 2, "node2", "wu2" + tag);
        awaitReady("node1");
        awaitReady("node2");
        assertThat(post("/api/v1/networks", "{\"name\":\"net1\",\"subnet\":\"10.10.10.0/24\"}").statusCode())
                .isEqualTo(201);

        Run first = attach(host1, c1, "contain1", "--ip", "10.10.10.3");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Run second = attach(host2, c2, "contain2", "--ip", "10.10.10.4", "--mac", "02:00:00:00:aa:04");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(first.out()).contains("installed", "10.10.10.3");

        JsonNode e1 = endpoint("contain1");
        JsonNode e2 = endpoint("contain2");
        assertThat(e1.path("host").asText()).as("host defaults to the OVS system-id").isEqualTo("node1");
        assertThat(e2.path("mac").asText()).isEqualTo("02:00:00:00:aa:04");
        assertContainerConfigured(c1, e1);
        assertContainerConfigured(c2, e2);
        String side1 = hostSide(e1);
        assertThat(host1.ovs().vsctl("get", "Interface", side1, "external_ids:iface-id"))
                .isEqualTo("\"" + e1.path("id").asText() + "\"");

        // The first packet to a new tunnel peer may be dropped while OVS resolves the underlay ARP.
        warmUp(c1, "10.10.10.4");
        assertThat(c1.exec("ping", "-c", "3", "-W", "2", "10.10.10.4")).contains("3 received");
        assertThat(c2.exec("ping", "-c", "3", "-W", "2", "10.10.10.3")).contains("3 received");

        // Attaching again changes nothing: same endpoint, same interfaces, still one port.
        String linkBefore = c1.exec("ip", "-o", "link", "show", "dev", "eth0");
        Run again = attach(host1, c1, "contain1", "--ip", "10.10.10.3");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(endpoint("contain1").path("id").asText()).isEqualTo(e1.path("id").asText());
        assertThat(c1.exec("ip", "-o", "link", "show", "dev", "eth0").split(" ")[0])
                .isEqualTo(linkBefore.split(" ")[0]);
        assertThat(host1.ovs().vsctl("list-ports", "br-int").lines().filter(p -> p.startsWith("wf")))
                .containsExactly(side1);
        assertThat(c1.exec("ping", "-c", "3", "-W", "2", "10.10.10.4")).contains("3 received");

        // Same name, different address: refused, and the attached endpoint is left as it is.
        Run conflicting = attach(host1, c1, "contain1", "--ip", "10.10.10.9");
        assertThat(conflicting.exitCode()).isEqualTo(1);
        assertThat(conflicting.err()).contains("already exists", "10.10.10.3");
        assertThat(host1.ovs().vsctl("list-ports", "br-int")).contains(side1);

        Run detach = detach(host1, "contain1", "--netns", "/run/netns/" + c1.name());
        assertThat(detach.exitCode()).as(detach.toString()).isZero();
        assertThat(host1.ovs().vsctl("list-ports", "br-int")).doesNotContain(side1);
        assertThat(linkExists(h1, side1)).as("host-side veth").isFalse();
        assertThat(linkExists(c1, "eth0")).as("container eth0").isFalse();
        assertThat(get("/api/v1/networks/net1/endpoints/contain1").statusCode()).isEqualTo(404);

        Run detachAgain = detach(host1, "contain1", "--netns", "/run/netns/" + c1.name());
        assertThat(detachAgain.exitCode()).as(detachAgain.toString()).isZero();
        assertThat(host2.ovs().vsctl("list-ports", "br-int")).contains(hostSide(e2));
    }

    @Test
    void failedAttachPrintsTheReasonAndLeavesNothingBehind() throws Exception {
        startController();
        NetNamespace h1 = ns("weft-h1-" + tag);
        NetNamespace c1 = ns("weft-c1-" + tag);
        Host host1 = host(h1, 1, "node1", null);
        awaitReady("node1");
        assertThat(post("/api/v1/networks", "{\"name\":\"net1\",\"subnet\":\"10.10.10.0/24\"}").statusCode())
                .isEqualTo(201);

        // Refused by the API: its reason is printed, nothing is created.
        Run outside = attach(host1, c1, "contain1", "--ip", "10.99.0.5");
        assertThat(outside.exitCode()).isEqualTo(1);
        assertThat(outside.err()).contains("10.99.0.5", "outside subnet");
        assertNothingLeft(host1, c1);

        // Fails after the endpoint and the veth exist (this OVS has no br-int: it never joined): both are undone.
        OvsInstance unjoined = OvsInstance.start("unjoined" + tag, h1.name());
        cleanup.add(unjoined);
        Run noBridge = attach(new Host(h1, unjoined, host1.controllerUrl()), c1, "contain1", "--host", "node1");
        assertThat(noBridge.exitCode()).isEqualTo(1);
        assertThat(noBridge.err()).contains("br-int");
        assertNothingLeft(host1, c1);
        assertThat(unjoined.vsctl("show")).doesNotContain("wf");
    }

    private void assertNothingLeft(Host host, NetNamespace container) throws Exception {
        assertThat(host.ns().exec("ip", "-o", "link", "show")).doesNotContain(": wf");
        assertThat(linkExists(container, "eth0")).as("container eth0").isFalse();
        assertThat(host.ovs().vsctl("list-ports", "br-int")).doesNotContain("wf");
        assertThat(get("/api/v1/networks/net1/endpoints/contain1").statusCode()).isEqualTo(404);
    }

    private static void assertContainerConfigured(NetNamespace c, JsonNode e) throws Exception {
        String link = c.exec("ip", "-o", "link", "show", "dev", "eth0");
        assertThat(link).contains("link/ether " + e.path("mac").asText(), "mtu " + e.path("mtu").asInt(), "UP");
        assertThat(e.path("mtu").asInt()).isEqualTo(1450);
        assertThat(c.exec("ip", "-o", "-4", "addr", "show", "dev", "eth0"))
                .contains(e.path("ip").asText() + "/" + e.path("prefixLength").asInt());
        assertThat(c.exec("ip", "route", "show", "default"))
                .contains("default via " + e.path("gateway").asText() + " dev eth0");
        assertThat(c.exec("ethtool", "-k", "eth0")).contains("tx-checksumming: off");
    }

    private Run attach(Host host, NetNamespace container, String name, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("attach", "--network", "net1", "--name", name,
                "--netns", "/run/netns/" + container.name(), "--timeout", "30"));
        args.addAll(List.of(extra));
        return weft(host, args);
    }

    private Run detach(Host host, String name, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("detach", "--network", "net1", "--name", name));
        args.addAll(List.of(extra));
        return weft(host, args);
    }

    /** Runs the packaged CLI inside the host's namespace, against that host's OVS. */
    private Run weft(Host host, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + host.ns().name(),
                "java", "-jar", System.getProperty("weft.jar")));
        cmd.addAll(args);
        cmd.addAll(List.of("--ovs-db", "unix:" + host.ovs().dbSocket(), "--controller", host.controllerUrl()));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        String out = readAll(p.getInputStream());
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("weft %s finished", args).isTrue();
        Run run = new Run(p.exitValue(), out, err.get());
        System.err.println("weft " + String.join(" ", args) + " -> " + run);
        return run;
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void startController() throws Exception {
        Path data = Files.createTempDirectory("weft-attach-");
        Path log = data.resolve("controller.log");
        rest = freePort();
        ovsdb = freePort();
        Process weft = new ProcessBuilder("java", "-jar", System.getProperty("weft.jar"), "controller",
                "--listen", "0.0.0.0", "--insecure", "--openflow-port", Integer.toString(freePort()),
                "--ovsdb-port", Integer.toString(ovsdb), "--rest-port", Integer.toString(rest),
                "--data-dir", data.resolve("state").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        cleanup.add(() -> {
            weft.destroy();
            if (!weft.waitFor(15, TimeUnit.SECONDS)) {
                weft.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            deleteRecursively(data);
        });
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                if (get("/api/v1/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(System.currentTimeMillis()).as("controller healthy").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Host {@code n} (see {@link NetdevHost}), joined to the controller under {@code name}. */
    private Host host(NetNamespace ns, int n, String name, String underlay) throws Exception {
        NetdevHost host = NetdevHost.start(ns, n, name, tag, underlay);
        cleanup.add(host);
        host.join(ovsdb);
        return new Host(ns, host.ovs(), "http://" + host.controllerAddress() + ":" + rest);
    }

    private void awaitReady(String host) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            HttpResponse<String> r = get("/api/v1/hosts/" + host);
            if (r.statusCode() == 200 && JSON.readTree(r.body()).path("ready").asBoolean()) {
                return;
            }
            assertThat(System.currentTimeMillis()).as("host %s ready: %s", host, r.body()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private NetNamespace ns(String name) throws Exception {
        NetNamespace ns = NetNamespace.create(name);
        cleanup.add(ns);
        return ns;
    }

    private static void warmUp(NetNamespace from, String to) throws Exception {
        for (int i = 0; i < 10; i++) {
            Process p = from.start("ping", "-c", "1", "-W", "1", to);
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
        }
        throw new AssertionError("no ping reply from " + to + " after 10 tries");
    }

    private static boolean linkExists(NetNamespace ns, String name) throws Exception {
        try {
            ns.exec("ip", "link", "show", "dev", name);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String hostSide(JsonNode endpoint) {
        return "wf" + endpoint.path("id").asText().replace("-", "").substring(0, 11);
    }

    private JsonNode endpoint(String name) throws Exception {
        HttpResponse<String> r = get("/api/v1/networks/net1/endpoints/" + name);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
