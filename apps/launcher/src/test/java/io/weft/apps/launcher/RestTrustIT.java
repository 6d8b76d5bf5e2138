package io.weft.apps.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.apps.security.CertificateAuthority;
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
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The REST API of a {@code --tls} controller (the packaged jar, a real process): HTTPS with the controller's
 * certificate, bearer tokens with scopes. Every refusal is a problem+json 401 or 403 that changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestTrustIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path data;
    private static int rest;
    private static ControllerProcess weft;
    private static HttpsApi api;
    private static String readToken;
    private static String node1Token;
    private static String node1TokenId;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("weft-rest-tls-");
        rest = ControllerProcess.freePort();
        startController();
        api = new HttpsApi(rest, data);
        for (String host : List.of("node1", "node2")) {
            assertThat(api.post("/api/v1/hosts", "{\"name\":\"" + host + "\"}").statusCode()).isEqualTo(201);
        }
        assertThat(api.post("/api/v1/networks", "{\"name\":\"net1\",\"subnet\":\"10.10.10.0/24\"}").statusCode())
                .isEqualTo(201);
        assertThat(api.post("/api/v1/networks/net1/endpoints", "{\"name\":\"theirs\",\"host\":\"node2\"}")
                .statusCode()).isEqualTo(201);
    }

    private static void startController() throws Exception {
        weft = ControllerProcess.start("--tls", "--listen", "127.0.0.1",
                "--openflow-port", Integer.toString(ControllerProcess.freePort()),
                "--ovsdb-port", Integer.toString(ControllerProcess.freePort()),
                "--rest-port", Integer.toString(rest), "--data-dir", data.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        weft.close();
    }

    @Test
    @Order(0)
    void withoutAValidTokenEveryCallButHealthIs401AndChangesNothing() throws Exception {
        HttpResponse<String> none = api.send("POST", "/api/v1/networks", "{\"name\":\"x\",\"subnet\":\"10.9.0.0/24\"}", "");
        assertProblem(none, 401, "this API needs a bearer token");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"weft\"");
        assertProblem(api.send("GET", "/api/v1/networks", null, ""), 401, "needs a bearer token");
        String forged = "weft_" + "0".repeat(12) + "_" + "A".repeat(43);
        assertProblem(api.send("GET", "/api/v1/hosts", null, forged), 401, "not valid");
        String admin = api.adminToken();
        String mistyped = admin.substring(0, admin.length() - 1) + (admin.endsWith("A") ? "B" : "A");
        assertProblem(api.send("DELETE", "/api/v1/networks/net1/endpoints/theirs", null, mistyped), 401, "not valid");
        assertThat(api.send("GET", "/api/v1/health", null, "").statusCode()).isEqualTo(200);
        assertThat(networkNames()).containsExactly("net1");
        assertThat(api.get("/api/v1/networks/net1/endpoints/theirs").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(1)
    void aReadTokenReadsAndWritesNothing() throws Exception {
        readToken = createToken("read", "dashboard").path("token").asText();
        assertThat(api.send("GET", "/api/v1/networks/net1/endpoints", null, readToken).statusCode()).isEqualTo(200);
        assertProblem(api.send("POST", "/api/v1/networks", "{\"name\":\"x\",\"subnet\":\"10.9.0.0/24\"}", readToken),
                403, "token scope 'read' does not allow this");
        assertProblem(api.send("POST", "/api/v1/networks/net1/endpoints", "{\"name\":\"e\",\"host\":\"node1\"}",
                readToken), 403, "scope 'read'");
        assertProblem(api.send("POST", "/api/v1/tokens", "{\"scope\":\"admin\"}", readToken), 403, "admin only");
        assertThat(networkNames()).containsExactly("net1");
        assertThat(endpointNames()).containsExactly("theirs");
        weft.awaitLog(l -> l.contains("refused POST /api/v1/networks from 127.0.0.1") && l.contains("scope read"));
    }

    @Test
    @Order(2)
    void aHostTokenActsOnItsOwnHostOnly() throws Exception {
        JsonNode created = createToken("host:node1", "node1's Docker plugin");
        node1Token = created.path("token").asText();
        node1TokenId = created.path("id").asText();
        assertProblem(api.send("POST", "/api/v1/networks/net1/endpoints", "{\"name\":\"mine\",\"host\":\"node2\"}",
                node1Token), 403, "may only create and delete endpoints on host 'node1', not on 'node2'");
        assertProblem(api.send("DELETE", "/api/v1/networks/net1/endpoints/theirs", null, node1Token), 403,
                "not on 'node2'");
        assertProblem(api.send("DELETE", "/api/v1/networks/net1", null, node1Token), 403,
                "deleting a network at once");
        assertProblem(api.send("POST", "/api/v1/hosts", "{\"name\":\"node9\"}", node1Token), 403, "admin only");
        assertProblem(api.send("DELETE", "/api/v1/hosts/node2", null, node1Token), 403, "admin only");
        assertThat(endpointNames()).containsExactly("theirs");
        assertThat(api.get("/api/v1/hosts/node2").statusCode()).isEqualTo(200);

        HttpResponse<String> mine = api.send("POST", "/api/v1/networks/net1/endpoints",
                "{\"name\":\"mine\",\"host\":\"node1\"}", node1Token);
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(201);
        assertThat(api.send("DELETE", "/api/v1/networks/net1/endpoints/mine", null, node1Token).statusCode())
                .isEqualTo(204);
        // in a batch, the item for another host is refused on its own and the rest are made
        HttpResponse<String> batch = api.send("POST", "/api/v1/networks/net1/endpoints:batch",
                "{\"endpoints\":[{\"name\":\"b1\",\"host\":\"node1\"},{\"name\":\"b2\",\"host\":\"node2\"}]}",
                node1Token);
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
        JsonNode results = JSON.readTree(batch.body()).path("results");
        assertThat(results.get(0).path("status").asInt()).isEqualTo(201);
        assertThat(results.get(1).path("status").asInt()).isEqualTo(403);
        assertThat(results.get(1).path("problem").path("detail").asText()).contains("not on 'node2'");
        assertThat(endpointNames()).containsExactlyInAnyOrder("theirs", "b1");
        assertThat(api.send("DELETE", "/api/v1/networks/net1/endpoints/b1", null, node1Token).statusCode())
                .isEqualTo(204);
        // what docker network create / rm on that host ask for
        assertThat(api.send("POST", "/api/v1/networks", "{\"name\":\"dnet\",\"subnet\":\"10.20.0.0/24\"}",
                node1Token).statusCode()).isEqualTo(201);
        assertThat(api.send("DELETE", "/api/v1/networks/dnet?when=empty&requestedBy=docker", null, node1Token)
                .statusCode()).isEqualTo(204);
    }

    @Test
    @Order(3)
    void tokensAreListedWithoutSecretsAndARevokedOneIs401() throws Exception {
        HttpResponse<String> listed = api.get("/api/v1/tokens");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(readToken).doesNotContain(node1Token).doesNotContain("\"token\"");
        JsonNode tokens = JSON.readTree(listed.body());
        assertThat(tokens).extracting(t -> t.path("scope").asText()).containsExactly("admin", "read", "host:node1");
        String file = Files.readString(data.resolve("pki").resolve(RestTokens.TOKEN_FILE));
        assertThat(file).doesNotContain(readToken.substring(18)).doesNotContain(node1Token.substring(18));

        assertThat(api.delete("/api/v1/tokens/" + node1TokenId).statusCode()).isEqualTo(204);
        assertProblem(api.send("GET", "/api/v1/networks", null, node1Token), 401, "not valid");
        assertProblem(api.delete("/api/v1/tokens/" + node1TokenId), 404, "not found");
    }

    @Test
    @Order(4)
    void theCliCreatesATokenOverHttpsWithTheCaAndTheAdminTokenFile() throws Exception {
        Path out = data.resolve("cli-token");
        Process cli = new ProcessBuilder("java", "-jar", System.getProperty("weft.jar"), "token", "create",
                "--scope", "read", "--out", out.toString(), "--controller", "https://127.0.0.1:" + rest,
                "--ca", data.resolve("pki").resolve("ca-cert.pem").toString(),
                "--token-file", data.resolve("pki").resolve("admin-token").toString())
                .redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor()).as(output).isZero();
        assertThat(Files.getPosixFilePermissions(out)).hasSize(2); // owner read and write only
        String token = Files.readString(out).strip();
        assertThat(api.send("GET", "/api/v1/networks", null, token).statusCode()).isEqualTo(200);

        Process noCa = new ProcessBuilder("java", "-jar", System.getProperty("weft.jar"), "network", "ls",
                "--controller", "https://127.0.0.1:" + rest, "--token-file", out.toString())
                .redirectErrorStream(true).start();
        String refused = new String(noCa.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(noCa.waitFor()).isEqualTo(1);
        assertThat(refused).contains("failed the TLS check").contains("--ca");
    }

    @Test
    @Order(5)
    void hostAddWritesTheHostsKeysAndATokenForThatHostOnly() throws Exception {
        Path keys = data.resolve("node3-keys");
        Process cli = new ProcessBuilder("java", "-jar", System.getProperty("weft.jar"), "host", "add", "node3",
                "--out", keys.toString(), "--controller", "https://127.0.0.1:" + rest,
                "--ca", data.resolve("pki").resolve("ca-cert.pem").toString(),
                "--token-file", data.resolve("pki").resolve("admin-token").toString())
                .redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor()).as(output).isZero();
        assertThat(output).contains("ovs-vsctl set-ssl").contains("--token-file /etc/openvswitch/weft-token");
        for (String file : List.of("node3-privkey.pem", "weft-token")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(keys.resolve(file)))).as(file).isEqualTo("rw-------");
        }
        String token = Files.readString(keys.resolve("weft-token")).strip();
        assertThat(api.send("POST", "/api/v1/networks/net1/endpoints", "{\"name\":\"n3\",\"host\":\"node3\"}",
                token).statusCode()).isEqualTo(201);
        assertProblem(api.send("POST", "/api/v1/networks/net1/endpoints", "{\"name\":\"n3b\",\"host\":\"node2\"}",
                token), 403, "only create and delete endpoints on host 'node3'");
        assertThat(api.delete("/api/v1/networks/net1/endpoints/n3").statusCode()).isEqualTo(204);
    }

    @Test
    @Order(6)
    void thePortSpeaksOnlyTlsAndOnlyWithTheControllersCertificate() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", rest)) {
            plain.setSoTimeout(5000);
            plain.getOutputStream().write("GET /api/v1/networks HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            byte[] answer = plain.getInputStream().readNBytes(64);
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("net1").doesNotStartWith("HTTP/1.1 200");
        }
        Path otherCa = Files.createTempDirectory("weft-other-ca-");
        CertificateAuthority.openOrCreate(otherCa, Clock.systemUTC());
        HttpClient trustingAnother = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .sslContext(HttpsApi.trusting(otherCa.resolve("ca-cert.pem"))).build();
        assertThatThrownBy(() -> trustingAnother.send(HttpRequest.newBuilder(URI.create(api.url("/api/v1/health")))
                .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    @Order(7)
    void tokensAndRevocationsSurviveARestart() throws Exception {
        weft.close();
        String adminBefore = api.adminToken();
        startController();
        assertThat(api.adminToken()).as("no second first token").isEqualTo(adminBefore);
        assertThat(api.send("GET", "/api/v1/networks", null, readToken).statusCode()).isEqualTo(200);
        assertProblem(api.send("GET", "/api/v1/networks", null, node1Token), 401, "not valid");
    }

    private static JsonNode createToken(String scope, String description) throws Exception {
        HttpResponse<String> created = api.post("/api/v1/tokens",
                "{\"scope\":\"" + scope + "\",\"description\":\"" + description + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        assertThat(body.path("token").asText()).matches("weft_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
        return body;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).path("detail").asText()).contains(detail);
    }

    private static List<String> networkNames() throws Exception {
        List<String> names = new java.util.ArrayList<>();
        JSON.readTree(api.get("/api/v1/networks").body()).forEach(n -> names.add(n.path("name").asText()));
        return names;
    }

    private static List<String> endpointNames() throws Exception {
        List<String> names = new java.util.ArrayList<>();
        JSON.readTree(api.get("/api/v1/networks/net1/endpoints").body()).forEach(n -> names.add(n.path("name").asText()));
        return names;
    }
}
