package io.weft.apps.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.testkit.OvsInstance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Seeing inside a --tls controller with two real OVS hosts (dummy datapath), the way an operator does: a real
 * Prometheus (Debian's) scrapes {@code /metrics} over HTTPS with a bearer token and its API reports the target up and
 * Weft's series; {@code promtool check metrics} accepts the exposition; {@code weft trace} and {@code weft flows} run
 * as the packaged CLI; the topology page runs in Debian's headless chromium (Selenium, offline) and follows the
 * topology as ports are plugged and a host's OVSDB stops. A screenshot is kept in target/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ControllerProcess weft;
    private static int rest;
    private static int ovsdb;
    private static HttpsApi api;
    private static Path data;
    private static OvsInstance node1;
    private static OvsInstance node2;
    private static JsonNode web;
    private static JsonNode db;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("weft-observe-");
        rest = ControllerProcess.freePort();
        ovsdb = ControllerProcess.freePort();
        int openflow = ControllerProcess.freePort();
        weft = ControllerProcess.start("--tls", "--listen", "127.0.0.1", "--openflow-port",
                Integer.toString(openflow), "--ovsdb-port", Integer.toString(ovsdb), "--rest-port",
                Integer.toString(rest), "--data-dir", data.toString());
        api = new HttpsApi(rest, data);
        node1 = join("node1", "198.18.0.1");
        node2 = join("node2", "198.18.0.2");
        awaitJson("/api/v1/hosts/node2", h -> h.path("ready").asBoolean());
        assertThat(api.post("/api/v1/networks", "{\"name\":\"net1\",\"subnet\":\"10.10.10.0/24\"}").statusCode())
                .isEqualTo(201);
        web = plug(node1, "web", 1);
        db = plug(node2, "db", 1);
        awaitJson("/api/v1/networks/net1/endpoints/db", e -> e.path("status").asText().equals("installed"));
        awaitJson("/api/v1/networks/net1/endpoints/web", e -> e.path("status").asText().equals("installed"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (OvsInstance node : new OvsInstance[] {node1, node2}) {
            if (node != null) {
                node.close();
            }
        }
        weft.close();
    }

    private static OvsInstance join(String name, String tunnelIp) throws Exception {
        JsonNode admission = JSON.readTree(api.post("/api/v1/hosts", "{\"name\":\"" + name + "\"}").body());
        OvsInstance ovs = OvsInstance.start("obs-" + name);
        ovs.useSsl(admission.path("privateKey").asText(), admission.path("certificate").asText(),
                admission.path("caCertificate").asText());
        ovs.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=" + name,
                "external_ids:weft-tunnel-ip=" + tunnelIp, "external_ids:weft-datapath-type=dummy");
        ovs.vsctl("set-manager", "ssl:127.0.0.1:" + ovsdb);
        awaitJson("/api/v1/hosts/" + name, h -> h.path("openflow").asText().equals("connected"));
        return ovs;
    }

    /** Creates endpoint {@code name} on the OVS's host and plugs a dummy port for it, as a runtime does. */
    private static JsonNode plug(OvsInstance host, String name, int ofport) throws Exception {
        String hostName = host.name().substring("obs-".length());
        HttpResponse<String> created = api.post("/api/v1/networks/net1/endpoints", "{\"name\":\"" + name
                + "\",\"host\":\"" + hostName + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode endpoint = JSON.readTree(created.body());
        host.vsctl("add-port", "br-int", "tap-" + name, "--", "set", "Interface", "tap-" + name, "type=dummy",
                "ofport_request=" + ofport, "external_ids:iface-id=" + endpoint.path("id").asText());
        return endpoint;
    }

    private static JsonNode awaitJson(String path, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = api.get(path);
            if (response.statusCode() == 200) {
                last = JSON.readTree(response.body());
                if (condition.test(last)) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " not as expected within 30 s: " + last + "\n" + weft.tail());
    }

    private static String run(List<String> command, Path workDir) throws Exception {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s exited with\n%s", command, out).isZero();
        return out;
    }

    @Test
    @Order(1)
    void metricsNeedATokenAndPassPromtool() throws Exception {
        assertThat(api.send("GET", "/metrics", null, "").statusCode()).isEqualTo(401);
        HttpResponse<String> scraped = api.get("/metrics");
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String text = scraped.body();
        assertThat(text).contains("weft_host_session_up{host=\"node1\",session=\"openflow\"} 1.0")
                .contains("weft_host_ready{host=\"node2\"} 1.0")
                .contains("weft_flows_desired{host=\"node1\",table=\"l2_forwarding\"}")
                .contains("weft_endpoints{status=\"installed\"} 2.0")
                .contains("weft_endpoint_install_seconds_count")
                .contains("weft_openflow_transactions_total{host=\"node1\",outcome=\"confirmed\"}")
                .contains("weft_store_write_seconds_count")
                .contains("weft_rest_requests_total{method=\"POST\",route=\"/api/v1/networks/{network}/endpoints\","
                        + "status=\"201\"}")
                .contains("jvm_memory_used_bytes").contains("jvm_gc_collection_seconds");
        // desired and confirmed agree once the switches have caught up
        assertThat(value(text, "weft_flows_confirmed{host=\"node1\",table=\"l2_forwarding\"}"))
                .isEqualTo(value(text, "weft_flows_desired{host=\"node1\",table=\"l2_forwarding\"}")).isPositive();
        for (JsonNode e : List.of(web, db)) {
            assertThat(text).doesNotContain(e.path("id").asText()).doesNotContain(e.path("ip").asText() + "\"")
                    .doesNotContain(e.path("mac").asText());
        }
        Path file = Files.createTempFile("weft-metrics-", ".txt");
        Files.writeString(file, text);
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
                .redirectErrorStream(true).start();
        String lint = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as("promtool check metrics:\n%s", lint).isZero();
    }

    private static double value(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series));
    }

    @Test
    @Order(2)
    void aRealPrometheusScrapesTheControllerOverHttpsWithAToken() throws Exception {
        Path dir = Files.createTempDirectory("weft-prometheus-");
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, api.adminToken());
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "scrape_configs:",
                "  - job_name: weft",
                "    scheme: https",
                "    authorization:",
                "      type: Bearer",
                "      credentials_file: " + tokenFile,
                "    tls_config:",
                "      ca_file: " + data.resolve("pki").resolve("ca-cert.pem"),
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + rest + "']",
                ""));
        int port = ControllerProcess.freePort();
        Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String up = awaitQuery(http, port, "up{job=\"weft\"}", dir);
            assertThat(up).isEqualTo("1");
            assertThat(awaitQuery(http, port, "weft_host_ready{host=\"node1\"}", dir)).isEqualTo("1");
            assertThat(Double.parseDouble(awaitQuery(http, port,
                    "sum(weft_flows_desired{host=\"node2\"})", dir))).isPositive();
        } finally {
            prometheus.destroy();
            prometheus.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The first sample's value of an instant query, once Prometheus has one (it scrapes every second). */
    private static String awaitQuery(HttpClient http, int port, String query, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/query?query=" + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                last = answer.body();
                JsonNode result = JSON.readTree(last).path("data").path("result");
                if (answer.statusCode() == 200 && result.size() > 0
                        && !(query.startsWith("up") && result.get(0).path("value").get(1).asText().equals("0"))) {
                    return result.get(0).path("value").get(1).asText();
                }
            } catch (java.io.IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus never answered " + query + ": " + last + "\n"
                + Files.readString(dir.resolve("prometheus.log")));
    }

    @Test
    @Order(3)
    void weftTraceAndWeftFlowsRunAsTheShippedCli() throws Exception {
        List<String> cli = List.of("java", "-jar", System.getProperty("weft.jar"));
        List<String> connection = List.of("--controller", "https://127.0.0.1:" + rest, "--ca",
                data.resolve("pki").resolve("ca-cert.pem").toString(), "--token-file",
                data.resolve("pki").resolve("admin-token").toString());
        List<String> trace = new java.util.ArrayList<>(cli);
        trace.addAll(List.of("trace", "--network", "net1", "--from", "web", "--to", db.path("ip").asText(),
                "--proto", "tcp", "--dport", "80"));
        trace.addAll(connection);
        String traced = run(trace, data);
        assertThat(traced).contains("host node1, in_port 1").contains("host node2, in_port 4789")
                .contains("L2_FORWARDING").contains("confirmed")
                .contains("verdict: delivered: out of port 1 (endpoint db of net1) on host node2")
                .contains("check on the host: ovs-appctl ofproto/trace br-int 'in_port=1,tcp,");
        // and what it says OVS does on node2 is what node2's OVS says
        String command = traced.lines().filter(l -> l.contains("in_port=4789")).filter(l -> l.contains("check on"))
                .findFirst().orElseThrow();
        String flow = command.substring(command.indexOf('\'') + 1, command.lastIndexOf('\''));
        assertThat(node2.appctl("ofproto/trace", "br-int", flow)).contains("output:1");

        List<String> flows = new java.util.ArrayList<>(cli);
        flows.addAll(List.of("flows", "node1"));
        flows.addAll(connection);
        String readable = run(flows, data);
        assertThat(readable).contains("table 0 CLASSIFIER").contains("table 10 PORT_SECURITY")
                .contains("table 30 L2_FORWARDING").contains("groups (")
                .doesNotContain("unconfirmed");
        assertThat(readable.indexOf("table 0 CLASSIFIER")).isLessThan(readable.indexOf("table 30 L2_FORWARDING"));
        List<String> raw = new java.util.ArrayList<>(flows);
        raw.add("--raw");
        assertThat(run(raw, data)).contains("cookie=0x").contains("table=30");
    }

    @Test
    @Order(4)
    void theTopologyPageFollowsTheOverlayInAHeadlessBrowser() throws Exception {
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        System.setProperty("SE_OFFLINE", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        Path profile = Files.createTempDirectory("weft-chromium-");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setAcceptInsecureCerts(true);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get("https://127.0.0.1:" + rest + "/ui/");
            // The page's data needs a token like any read: the operator pastes theirs.
            wait.until(d -> d.findElement(By.id("token-input")).isDisplayed());
            browser.findElement(By.id("token-input")).sendKeys(api.adminToken());
            browser.findElement(By.id("token-save")).click();
            JsonNode topology = JSON.readTree(api.get("/api/v1/topology").body());
            wait.until(d -> text(d, "count-endpoints").equals(Integer.toString(topology.path("endpoints").size())));
            assertThat(text(browser, "count-hosts")).isEqualTo(Integer.toString(topology.path("hosts").size()))
                    .isEqualTo("2");
            assertThat(text(browser, "count-networks")).isEqualTo(Integer.toString(topology.path("networks").size()));
            assertThat(browser.findElements(By.cssSelector("line.tunnel[data-tunnel='node1|node2']"))).hasSize(1);

            // A new endpoint shows pending, then installed once its port is plugged and its flows confirmed.
            HttpResponse<String> created = api.post("/api/v1/networks/net1/endpoints",
                    "{\"name\":\"cache\",\"host\":\"node1\"}");
            String id = JSON.readTree(created.body()).path("id").asText();
            By row = By.cssSelector("tr[data-endpoint='" + id + "']");
            wait.until(d -> !d.findElements(row).isEmpty()
                    && d.findElement(row).getAttribute("data-status").equals("pending"));
            node1.vsctl("add-port", "br-int", "tap-cache", "--", "set", "Interface", "tap-cache", "type=dummy",
                    "ofport_request=2", "external_ids:iface-id=" + id);
            wait.until(d -> d.findElement(row).getAttribute("data-status").equals("installed"));
            assertThat(text(browser, "count-endpoints")).isEqualTo("3");

            // A host whose OVSDB stops turns not ready, with the reason.
            node2.killDatabase();
            By host2 = By.cssSelector("tr[data-host='node2']");
            wait.until(d -> d.findElement(host2).getAttribute("data-ready").equals("false"));
            assertThat(browser.findElement(host2).findElement(By.cssSelector("td.reason")).getText())
                    .contains("ovsdb");
            assertThat(browser.findElement(By.cssSelector("g.host[data-host='node2']")).getAttribute("data-ready"))
                    .isEqualTo("false");
            assertThat(text(browser, "count-ready")).isEqualTo("1");
            Path shot = Path.of("target", "topology-page.png");
            Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            assertThat(Files.size(shot)).isPositive();
        } finally {
            browser.quit();
        }
    }

    private static String text(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }
}
