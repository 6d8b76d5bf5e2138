package io.weft.apps.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.apps.security.CertificateAuthority;
import io.weft.apps.security.IssuedCertificate;
import io.weft.testkit.OvsInstance;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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

/**
 * The secure join on real Open vSwitch ({@code --tls}): a host admitted with {@code POST /api/v1/hosts} joins over
 * {@code ssl:} with the certificate it was given; peers that cannot prove who they are, or prove to be someone else,
 * change nothing and get nothing, and the refusal is logged with the reason.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureJoinIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ControllerProcess weft;
    private static int rest;
    private static int ovsdb;
    private static int openflow;
    private static int activePort;
    private static OvsInstance node1;
    private static JsonNode node1Admission;
    private static HttpsApi api;
    private static Path data;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("weft-tls-");
        rest = ControllerProcess.freePort();
        ovsdb = ControllerProcess.freePort();
        openflow = ControllerProcess.freePort();
        activePort = ControllerProcess.freePort();
        weft = ControllerProcess.start("--tls", "--listen", "127.0.0.1", "--openflow-port",
                Integer.toString(openflow), "--ovsdb-port", Integer.toString(ovsdb), "--rest-port",
                Integer.toString(rest), "--data-dir", data.toString(), "--ovsdb-connect", "ssl:127.0.0.1:" + activePort);
        assertThat(Files.exists(data.resolve("pki").resolve(CertificateAuthority.CA_CERT))).isTrue();
        api = new HttpsApi(rest, data);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node1 != null) {
            node1.close();
        }
        weft.close();
    }

    @Test
    @Order(1)
    void anAdmittedHostJoinsOverTlsWithItsCertificate() throws Exception {
        HttpResponse<String> admitted = post("/api/v1/hosts", "{\"name\":\"node1\"}");
        assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(201);
        node1Admission = JSON.readTree(admitted.body());
        assertThat(node1Admission.path("privateKey").asText()).startsWith("-----BEGIN PRIVATE KEY-----");

        node1 = OvsInstance.start("tls-node1");
        join(node1, node1Admission, "node1", "198.18.0.1");
        JsonNode host = awaitHost("node1", h -> h.path("ovsdb").asText().equals("connected")
                && h.path("openflow").asText().equals("connected"));
        assertThat(host.path("tunnelIp").asText()).isEqualTo("198.18.0.1");
        assertThat(node1.vsctl("get-controller", "br-int").trim()).isEqualTo("ssl:127.0.0.1:" + openflow);

        assertThat(post("/api/v1/networks", "{\"name\":\"net1\",\"subnet\":\"10.10.10.0/24\"}").statusCode())
                .isEqualTo(201);
        assertThat(post("/api/v1/networks/net1/endpoints", "{\"name\":\"web\",\"host\":\"node1\"}").statusCode())
                .isEqualTo(201);
        awaitFlows(node1, "br-int", flows -> flows.contains("tun_id=0x100"));
    }

    @Test
    @Order(2)
    void inActiveModeTheControllerConnectsOverTlsAndChecksTheHostTheSameWay() throws Exception {
        JsonNode admission = JSON.readTree(post("/api/v1/hosts", "{\"name\":\"node3\"}").body());
        try (OvsInstance node3 = OvsInstance.start("tls-active")) {
            node3.useSsl(admission.path("privateKey").asText(), admission.path("certificate").asText(),
                    admission.path("caCertificate").asText());
            node3.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=node3",
                    "external_ids:weft-tunnel-ip=198.18.0.3", "external_ids:weft-datapath-type=dummy");
            node3.vsctl("set-manager", "pssl:" + activePort + ":127.0.0.1");
            awaitHost("node3", h -> h.path("ovsdb").asText().equals("connected")
                    && h.path("openflow").asText().equals("connected"));
            assertThat(node3.vsctl("get-controller", "br-int").trim()).isEqualTo("ssl:127.0.0.1:" + openflow);
        }
        HttpResponse<String> removed = api.send("DELETE", "/api/v1/hosts/node3", null, api.adminToken());
        assertThat(removed.statusCode()).isEqualTo(204);
    }

    @Test
    @Order(3)
    void aPlaintextPeerOnTheTlsPortsGetsNothing() throws Exception {
        int hostsBefore = hosts().size();
        try (Socket socket = new Socket("127.0.0.1", ovsdb)) {
            socket.getOutputStream().write("{\"id\":0,\"method\":\"list_dbs\",\"params\":[]}".getBytes());
            socket.setSoTimeout(5000);
            int read = socket.getInputStream().read(new byte[512]);
            assertThat(read).as("no JSON-RPC answer to a plaintext peer").isLessThanOrEqualTo(0);
        } catch (java.net.SocketException closed) {
            // closed by the server: nothing was answered
        }
        assertThat(hosts()).hasSize(hostsBefore);
    }

    @Test
    @Order(4)
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        CertificateAuthority foreign = CertificateAuthority.openOrCreate(Files.createTempDirectory("foreign-ca-"),
                Clock.systemUTC());
        IssuedCertificate forged = foreign.issue("node1", Duration.ofDays(30));
        assertRefusedAtHandshake("tls-foreign", forged, foreign.certificatePem(),
                l -> l.contains("ovsdb peer=") && l.contains("TLS handshake failed"));
    }

    @Test
    @Order(4)
    void anExpiredCertificateFromTheControllersOwnCaIsRefused() throws Exception {
        // the controller's CA, as it was three years ago: a certificate for node1 that expired long since
        CertificateAuthority past = CertificateAuthority.openOrCreate(data.resolve("pki"),
                Clock.fixed(java.time.Instant.now().minus(Duration.ofDays(1100)), java.time.ZoneOffset.UTC));
        IssuedCertificate expired = past.issue("node1", Duration.ofDays(30));
        assertRefusedAtHandshake("tls-expired", expired, past.certificatePem(),
                l -> l.contains("TLS handshake failed") && l.contains("validity"));
    }

    @Test
    @Order(5)
    void anAdmittedHostClaimingAnotherHostsNameIsRefusedAndItsSwitchGetsNoFlows() throws Exception {
        JsonNode node2 = JSON.readTree(post("/api/v1/hosts", "{\"name\":\"node2\"}").body());
        String node1Dpid = node1.datapathId("br-int");
        try (OvsInstance fake = OvsInstance.start("tls-liar")) {
            fake.useSsl(node2.path("privateKey").asText(), node2.path("certificate").asText(),
                    node2.path("caCertificate").asText());
            // A switch that claims node1's datapath id, with node2's (valid) certificate.
            fake.vsctl("add-br", "br-x", "--", "set", "Bridge", "br-x", "datapath_type=dummy",
                    "other-config:datapath-id=" + node1Dpid, "protocols=OpenFlow13,OpenFlow14",
                    "fail_mode=secure", "--", "set-controller", "br-x", "ssl:127.0.0.1:" + openflow);
            fake.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=node1",
                    "external_ids:weft-tunnel-ip=203.0.113.66", "external_ids:weft-datapath-type=dummy");
            fake.vsctl("set-manager", "ssl:127.0.0.1:" + ovsdb);
            weft.awaitLog(l -> l.contains("refused: it claims system-id 'node1' but its certificate is host 'node2's"));
            weft.awaitLog(l -> l.contains("dpid=" + node1Dpid + " session from") && l.contains("refused"));
            assertThat(fake.ofctl("dump-flows", "br-x")).doesNotContain("cookie=0x57");
            assertThat(fake.vsctl("list-br").trim()).as("the fake's own bridge only").isEqualTo("br-x");
        }
        assertNode1Untouched();
    }

    @Test
    @Order(6)
    void aRemovedHostIsDisconnectedAndItsCertificateAdmitsNoOne() throws Exception {
        HttpResponse<String> removed = api.send("DELETE", "/api/v1/hosts/node1", null, api.adminToken());
        assertThat(removed.statusCode()).isEqualTo(204);
        assertThat(get("/api/v1/hosts/node1").statusCode()).isEqualTo(404);
        weft.awaitLog(l -> l.contains("refused: its certificate names host 'node1', which is not admitted"));
        Thread.sleep(2000);
        assertThat(get("/api/v1/hosts/node1").statusCode()).as("reconnecting does not bring it back").isEqualTo(404);
        JsonNode endpoint = JSON.readTree(get("/api/v1/networks/net1/endpoints/web").body());
        assertThat(endpoint.path("problem").asText()).isEqualTo("host node1 has not joined");
    }

    /** A fake host claiming node1 with {@code certificate}: refused in the handshake, logged, given nothing. */
    private static void assertRefusedAtHandshake(String name, IssuedCertificate certificate, String caPem,
                                                 Predicate<String> logged) throws Exception {
        try (OvsInstance fake = OvsInstance.start(name)) {
            fake.useSsl(certificate.privateKeyPem(), certificate.certificatePem(), caPem);
            fake.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=node1",
                    "external_ids:weft-tunnel-ip=203.0.113.66", "external_ids:weft-datapath-type=dummy");
            fake.vsctl("set-manager", "ssl:127.0.0.1:" + ovsdb);
            weft.awaitLog(logged);
            assertThat(fake.vsctl("list-br").trim()).as("nothing was provisioned on the fake").isEmpty();
        }
        assertNode1Untouched();
    }

    private static void assertNode1Untouched() throws Exception {
        JsonNode host = JSON.readTree(get("/api/v1/hosts/node1").body());
        assertThat(host.path("tunnelIp").asText()).isEqualTo("198.18.0.1");
        assertThat(host.path("ovsdb").asText()).isEqualTo("connected");
        assertThat(host.path("openflow").asText()).isEqualTo("connected");
        assertThat(node1.ofctl("dump-flows", "br-int")).contains("tun_id=0x100");
        assertThat(hosts()).extracting(h -> h.path("name").asText()).doesNotContain("unnamed");
    }

    private static void join(OvsInstance ovs, JsonNode admission, String name, String tunnelIp) throws Exception {
        ovs.useSsl(admission.path("privateKey").asText(), admission.path("certificate").asText(),
                admission.path("caCertificate").asText());
        ovs.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=" + name,
                "external_ids:weft-tunnel-ip=" + tunnelIp, "external_ids:weft-datapath-type=dummy");
        ovs.vsctl("set-manager", "ssl:127.0.0.1:" + ovsdb);
    }

    private static JsonNode awaitHost(String name, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get("/api/v1/hosts/" + name);
            if (response.statusCode() == 200) {
                last = JSON.readTree(response.body());
                if (condition.test(last)) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("host " + name + " not as expected within 30 s: " + last + "\n" + weft.tail());
    }

    private static void awaitFlows(OvsInstance ovs, String bridge, Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String flows = "";
        while (System.nanoTime() < deadline) {
            flows = ovs.ofctl("dump-flows", bridge);
            if (condition.test(flows)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("flows on " + ovs.name() + " not as expected: " + flows);
    }


    private static List<JsonNode> hosts() throws Exception {
        List<JsonNode> hosts = new java.util.ArrayList<>();
        JSON.readTree(get("/api/v1/hosts").body()).forEach(hosts::add);
        return hosts;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return api.get(path);
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return api.post(path, json);
    }
}
