package io.weft.apps.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetworkApiTest {
    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void createAnswers201WithTheNetworkAndItsLocation() {
        HttpResponse<String> response = api.post("/api/v1/networks", "{\"name\":\"blue\",\"subnet\":\"10.10.10.0/24\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Location")).contains("/api/v1/networks/blue");
        JsonNode network = api.parse(response.body());
        assertThat(network.toString()).isEqualTo(
                "{\"name\":\"blue\",\"subnet\":\"10.10.10.0/24\",\"gateway\":\"10.10.10.1\",\"vni\":256,\"mtu\":1450,"
                        + "\"deletion\":null,\"router\":null}");
        assertThat(api.topology.network("blue")).isPresent();
    }

    @Test
    void createTakesGatewayVniAndMtu() {
        JsonNode network = api.createNetwork(
                "{\"name\":\"red\",\"subnet\":\"172.16.0.0/16\",\"gateway\":\"172.16.255.254\",\"vni\":42,\"mtu\":9000}");

        assertThat(network.get("gateway").asText()).isEqualTo("172.16.255.254");
        assertThat(network.get("vni").asInt()).isEqualTo(42);
        assertThat(network.get("mtu").asInt()).isEqualTo(9000);
    }

    @Test
    void nullOptionalFieldsMeanDefaults() {
        JsonNode network = api.createNetwork(
                "{\"name\":\"red\",\"subnet\":\"10.1.0.0/24\",\"gateway\":null,\"vni\":null,\"mtu\":null}");

        assertThat(network.get("gateway").asText()).isEqualTo("10.1.0.1");
        assertThat(network.get("vni").asInt()).isEqualTo(256);
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() {
        String json = "{\"name\":\"blue\",\"subnet\":\"10.10.10.0/24\"}";
        String padded = json + " ".repeat(RequestBodyReader.MAX_BODY_BYTES - json.length());

        assertThat(api.post("/api/v1/networks", padded).statusCode()).isEqualTo(201);
    }

    @Test
    void charsetUtf8IsAccepted() {
        HttpResponse<String> response = api.post("/api/v1/networks", "application/json; charset=UTF-8",
                "{\"name\":\"blue\",\"subnet\":\"10.10.10.0/24\"}");

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void theLocationServesTheCreatedNetwork() {
        HttpResponse<String> created = api.post("/api/v1/networks", "{\"name\":\"blue\",\"subnet\":\"10.10.10.0/24\"}");

        HttpResponse<String> fetched = api.get(created.headers().firstValue("Location").orElseThrow());

        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(created.body());
    }

    @Test
    void listIsSortedByName() {
        api.createNetwork("{\"name\":\"green\",\"subnet\":\"10.3.0.0/24\"}");
        api.createNetwork("{\"name\":\"blue\",\"subnet\":\"10.1.0.0/24\"}");

        HttpResponse<String> response = api.get("/api/v1/networks");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = api.parse(response.body());
        assertThat(list.isArray()).isTrue();
        assertThat(list.findValuesAsText("name")).containsExactly("blue", "green");
    }

    @Test
    void emptyListIsAnEmptyArray() {
        HttpResponse<String> response = api.get("/api/v1/networks");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[]");
    }

    @Test
    void getUnknownNetworkIs404Problem() {
        HttpResponse<String> response = api.get("/api/v1/networks/nope");

        ProblemAssert.assertProblem(response, 404, "network 'nope' not found");
    }

    @Test
    void deleteAnswers204AndTheNetworkIsGone() {
        api.createNetwork("{\"name\":\"blue\",\"subnet\":\"10.10.10.0/24\"}");

        HttpResponse<String> response = api.delete("/api/v1/networks/blue");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(api.get("/api/v1/networks/blue").statusCode()).isEqualTo(404);
        assertThat(api.topology.networks()).isEmpty();
    }

    @Test
    void deleteUnknownNetworkIs404() {
        ProblemAssert.assertProblem(api.delete("/api/v1/networks/nope"), 404, "network 'nope' not found");
    }

    @Test
    void deleteNetworkWithEndpointsIs409() {
        api.createNetwork("{\"name\":\"blue\",\"subnet\":\"10.10.10.0/24\"}");
        api.createEndpoint("blue", "{\"name\":\"web\",\"host\":\"node-a\"}");

        HttpResponse<String> response = api.delete("/api/v1/networks/blue");

        ProblemAssert.assertProblem(response, 409, "network 'blue' still has 1 endpoint");
        assertThat(api.topology.network("blue")).isPresent();
    }

    @Test
    void deleteWhenEmptyMarksANetworkWithEndpointsAndItGoesWithTheLastOne() {
        api.createNetwork("{\"name\":\"blue\",\"subnet\":\"10.10.10.0/24\"}");
        api.createEndpoint("blue", "{\"name\":\"web\",\"host\":\"node-a\"}");

        HttpResponse<String> marked = api.delete("/api/v1/networks/blue?when=empty&requestedBy=docker%20network%20rm%20on%20node2");
        assertThat(marked.statusCode()).isEqualTo(202);
        assertThat(api.parse(marked.body()).get("deletion").asText()).isEqualTo("docker network rm on node2");
        ProblemAssert.assertProblem(api.post("/api/v1/networks/blue/endpoints", "{\"name\":\"db\",\"host\":\"node-a\"}"),
                409, "network 'blue' is being deleted (docker network rm on node2)");

        assertThat(api.delete("/api/v1/networks/blue/endpoints/web").statusCode()).isEqualTo(204);
        assertThat(api.topology.network("blue")).isEmpty();
    }

    @Test
    void deleteWhenEmptyOfAnEmptyNetworkDeletesItAndAnUnknownWhenIs400() {
        api.createNetwork("{\"name\":\"blue\",\"subnet\":\"10.10.10.0/24\"}");
        ProblemAssert.assertProblem(api.delete("/api/v1/networks/blue?when=later"), 400,
                "query parameter 'when' must be 'now' or 'empty', got 'later'");
        assertThat(api.topology.network("blue")).isPresent();

        assertThat(api.delete("/api/v1/networks/blue?when=empty").statusCode()).isEqualTo(204);
        assertThat(api.topology.network("blue")).isEmpty();
    }

    @Test
    void aProblemAboutANonAsciiNameIsUtf8() throws Exception {
        java.net.http.HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.baseUrl() + "/api/v1/networks/r%C3%A9seau"))
                        .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("network 'r\u00e9seau' not found");
    }
}
