package io.weft.apps.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
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
import org.junit.jupiter.api.Test;

/** Everything the API acknowledged survives a SIGKILL of the controller process. */
class DurabilityIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void acknowledgedWritesSurviveKillMinusNine() throws Exception {
        Path data = Files.createTempDirectory("weft-durable-");
        int rest = freePort();
        int ovsdb = freePort();
        Process first = start(data, rest, ovsdb);
        List<String> ids = new ArrayList<>();
        List<String> endpoints = new ArrayList<>();
        try (io.weft.testkit.OvsInstance host = io.weft.testkit.OvsInstance.start("durable")) {
            awaitHealthy(rest);
            host.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=node1",
                    "external_ids:weft-tunnel-ip=198.18.0.1", "external_ids:weft-datapath-type=dummy");
            host.vsctl("set-manager", "tcp:127.0.0.1:" + ovsdb);
            long deadline = System.currentTimeMillis() + 30_000;
            while (get(rest, "/api/v1/hosts/node1").statusCode() != 200) {
                assertThat(System.currentTimeMillis()).as("host joined").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(post(rest, "/api/v1/networks", "{\"name\":\"net1\",\"subnet\":\"10.10.10.0/24\"}").statusCode())
                    .isEqualTo(201);
            assertThat(post(rest, "/api/v1/networks", "{\"name\":\"net2\",\"subnet\":\"10.10.10.0/24\",\"vni\":4000}")
                    .statusCode()).isEqualTo(201);
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = post(rest, "/api/v1/networks/net1/endpoints",
                        "{\"name\":\"c" + i + "\",\"host\":\"node1\"}");
                assertThat(r.statusCode()).isEqualTo(201);
                endpoints.add("c" + i);
            }
            for (int i = 0; i < 50; i++) {
                HttpResponse<String> r = post(rest, "/api/v1/networks",
                        "{\"name\":\"n" + i + "\",\"subnet\":\"10." + (20 + i) + ".0.0/24\"}");
                assertThat(r.statusCode()).isEqualTo(201);
                ids.add("n" + i);
            }
        } finally {
            first.destroyForcibly(); // SIGKILL right after the last acknowledged write
            first.waitFor(10, TimeUnit.SECONDS);
        }
        Process second = start(data, rest, freePort());
        try {
            awaitHealthy(rest);
            String networks = get(rest, "/api/v1/networks").body();
            assertThat(networks).contains("\"net1\"", "\"net2\"", "\"vni\":4000");
            for (String id : ids) {
                assertThat(networks).contains("\"" + id + "\"");
            }
            String eps = get(rest, "/api/v1/networks/net1/endpoints").body();
            for (int i = 0; i < endpoints.size(); i++) {
                assertThat(eps).contains("\"" + endpoints.get(i) + "\"", "\"10.10.10." + (i + 2) + "\"");
            }
            HttpResponse<String> nextEp = post(rest, "/api/v1/networks/net1/endpoints",
                    "{\"name\":\"later\",\"host\":\"node1\"}");
            assertThat(nextEp.statusCode()).isEqualTo(201);
            assertThat(nextEp.body()).contains("\"10.10.10." + (endpoints.size() + 2) + "\"");
            // allocation continues where it was: the next automatic VNI is not one already handed out
            HttpResponse<String> next = post(rest, "/api/v1/networks", "{\"name\":\"after\",\"subnet\":\"10.99.0.0/24\"}");
            assertThat(next.statusCode()).isEqualTo(201);
            assertThat(next.body()).contains("\"vni\":" + (256 + 1 + ids.size()));
        } finally {
            second.destroy();
            second.waitFor(15, TimeUnit.SECONDS);
        }
    }

    private static Process start(Path data, int rest, int ovsdb) throws Exception {
        return new ProcessBuilder("java", "-jar", System.getProperty("weft.jar"), "controller", "--listen", "127.0.0.1",
                "--openflow-port", Integer.toString(freePort()), "--ovsdb-port", Integer.toString(ovsdb),
                "--rest-port", Integer.toString(rest), "--data-dir", data.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private void awaitHealthy(int port) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (get(port, "/api/v1/health").statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("controller not healthy within 30 s");
    }

    private HttpResponse<String> post(int port, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
