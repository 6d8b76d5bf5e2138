package io.weft.apps.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.topology.EndpointStatus;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndpointApiTest {
    private final ApiFixture api = new ApiFixture();

    @BeforeEach
    void createNetwork() {
        api.createNetwork("{\"name\":\"blue\",\"subnet\":\"10.10.10.0/24\",\"mtu\":1400}");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void createAnswers201WithAddressesAndNetworkSettings() {
        HttpResponse<String> response = api.post("/api/v1/networks/blue/endpoints",
                "{\"name\":\"web\",\"host\":\"node-a\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).contains("/api/v1/networks/blue/endpoints/web");
        JsonNode endpoint = api.parse(response.body());
        assertThat(fieldNames(endpoint)).containsExactly("id", "name", "network", "host", "ip", "mac",
                "prefixLength", "gateway", "mtu", "status", "ofport", "problem", "aliases", "lifetime");
        assertThat(endpoint.get("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(endpoint.get("name").asText()).isEqualTo("web");
        assertThat(endpoint.get("network").asText()).isEqualTo("blue");
        assertThat(endpoint.get("host").asText()).isEqualTo("node-a");
        assertThat(endpoint.get("ip").asText()).isEqualTo("10.10.10.2");
        assertThat(endpoint.get("mac").asText()).isEqualTo("02:42:0a:0a:0a:02");
        assertThat(endpoint.get("prefixLength").asInt()).isEqualTo(24);
        assertThat(endpoint.get("gateway").asText()).isEqualTo("10.10.10.1");
        assertThat(endpoint.get("mtu").asInt()).isEqualTo(1400);
        assertThat(endpoint.get("status").asText()).isEqualTo("pending");
        assertThat(endpoint.get("ofport").isNull()).isTrue();
        assertThat(endpoint.get("problem").isNull()).as("node-a is ready").isTrue();
        assertThat(endpoint.get("lifetime").asText()).isEqualTo("managed");
    }

    @Test
    void anEndpointMayLiveAsLongAsItsPortAndAnUnknownLifetimeIsRefused() {
        JsonNode endpoint = api.createEndpoint("blue", "{\"name\":\"cni-1\",\"host\":\"node-a\",\"lifetime\":\"port\"}");
        assertThat(endpoint.get("lifetime").asText()).isEqualTo("port");
        HttpResponse<String> refused = api.post("/api/v1/networks/blue/endpoints",
                "{\"name\":\"cni-2\",\"host\":\"node-a\",\"lifetime\":\"forever\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("lifetime must be 'managed' or 'port'");
        assertThat(api.get("/api/v1/networks/blue/endpoints/cni-2").statusCode()).as("nothing was made").isEqualTo(404);
    }

    @Test
    void createTakesIpAndMac() {
        JsonNode endpoint = api.createEndpoint("blue",
                "{\"name\":\"db\",\"host\":\"node-b\",\"ip\":\"10.10.10.200\",\"mac\":\"0A:00:27:00:00:01\"}");

        assertThat(endpoint.get("ip").asText()).isEqualTo("10.10.10.200");
        assertThat(endpoint.get("mac").asText()).isEqualTo("0a:00:27:00:00:01");
        assertThat(endpoint.get("host").asText()).isEqualTo("node-b");
    }

    @Test
    void getByNameOrIdAnswersTheSameEndpoint() {
        JsonNode created = api.createEndpoint("blue", "{\"name\":\"web\",\"host\":\"node-a\"}");
        String id = created.get("id").asText();

        HttpResponse<String> byName = api.get("/api/v1/networks/blue/endpoints/web");
        HttpResponse<String> byId = api.get("/api/v1/networks/blue/endpoints/" + id);

        assertThat(byName.statusCode()).isEqualTo(200);
        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(api.parse(byName.body())).isEqualTo(created);
        assertThat(api.parse(byId.body())).isEqualTo(created);
    }

    @Test
    void getShowsStatusAndOfportOnceBound() {
        String id = api.createEndpoint("blue", "{\"name\":\"web\",\"host\":\"node-a\"}").get("id").asText();
        api.topology.bindEndpoint(id, "node-a", 7);
        api.topology.setEndpointStatus(id, EndpointStatus.INSTALLED);

        JsonNode endpoint = api.parse(api.get("/api/v1/networks/blue/endpoints/web").body());

        assertThat(endpoint.get("status").asText()).isEqualTo("installed");
        assertThat(endpoint.get("ofport").asInt()).isEqualTo(7);
    }

    @Test
    void listIsSortedByName() {
        api.createEndpoint("blue", "{\"name\":\"web\",\"host\":\"node-a\"}");
        api.createEndpoint("blue", "{\"name\":\"db\",\"host\":\"node-a\"}");

        HttpResponse<String> response = api.get("/api/v1/networks/blue/endpoints");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = api.parse(response.body());
        assertThat(list.findValuesAsText("name")).containsExactly("db", "web");
        assertThat(list.findValuesAsText("ip")).containsExactly("10.10.10.3", "10.10.10.2");
    }

    @Test
    void listOfEmptyNetworkIsEmptyArray() {
        HttpResponse<String> response = api.get("/api/v1/networks/blue/endpoints");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[]");
    }

    @Test
    void listOfUnknownNetworkIs404() {
        ProblemAssert.assertProblem(api.get("/api/v1/networks/nope/endpoints"), 404, "network 'nope' not found");
    }

    @Test
    void getUnknownEndpointIs404() {
        ProblemAssert.assertProblem(api.get("/api/v1/networks/blue/endpoints/nope"), 404,
                "endpoint 'nope' not found in network 'blue'");
        ProblemAssert.assertProblem(api.get("/api/v1/networks/nope/endpoints/web"), 404, "network 'nope' not found");
    }

    @Test
    void anEndpointIsNotFoundThroughAnotherNetwork() {
        api.createNetwork("{\"name\":\"red\",\"subnet\":\"10.20.0.0/24\"}");
        String id = api.createEndpoint("blue", "{\"name\":\"web\",\"host\":\"node-a\"}").get("id").asText();

        ProblemAssert.assertProblem(api.get("/api/v1/networks/red/endpoints/" + id), 404, "not found");
        ProblemAssert.assertProblem(api.delete("/api/v1/networks/red/endpoints/" + id), 404, "not found");
    }

    @Test
    void deleteAnswers204AndFreesTheAddress() {
        api.createEndpoint("blue", "{\"name\":\"web\",\"host\":\"node-a\"}");

        HttpResponse<String> response = api.delete("/api/v1/networks/blue/endpoints/web");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(api.get("/api/v1/networks/blue/endpoints/web").statusCode()).isEqualTo(404);
        JsonNode again = api.createEndpoint("blue", "{\"name\":\"web2\",\"host\":\"node-a\"}");
        assertThat(again.get("ip").asText()).isEqualTo("10.10.10.2");
    }

    @Test
    void deleteById() {
        String id = api.createEndpoint("blue", "{\"name\":\"web\",\"host\":\"node-a\"}").get("id").asText();

        assertThat(api.delete("/api/v1/networks/blue/endpoints/" + id).statusCode()).isEqualTo(204);
        assertThat(api.topology.endpointById(id)).isEmpty();
    }

    @Test
    void deleteUnknownEndpointIs404() {
        ProblemAssert.assertProblem(api.delete("/api/v1/networks/blue/endpoints/nope"), 404,
                "endpoint 'nope' not found in network 'blue'");
        ProblemAssert.assertProblem(api.delete("/api/v1/networks/nope/endpoints/web"), 404,
                "network 'nope' not found");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aliasesAreSetReplacedAndValidated() {
        api.post("/api/v1/networks/blue/endpoints", "{\"name\":\"web\",\"host\":\"node-a\"}");

        HttpResponse<String> set = api.send("PUT", "/api/v1/networks/blue/endpoints/web/aliases", "application/json",
                "{\"aliases\":[\"Contain2\",\"test2\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(api.parse(set.body()).get("aliases").toString()).isEqualTo("[\"contain2\",\"test2\"]");
        assertThat(api.topology.endpoint("blue", "web").orElseThrow().aliases()).containsExactly("contain2", "test2");

        io.weft.topology.TopologySnapshot before = api.topology.snapshot();
        ProblemAssert.assertProblem(api.send("PUT", "/api/v1/networks/blue/endpoints/web/aliases", "application/json",
                "{\"aliases\":[\"no space\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 400,
                "invalid alias 'no space'");
        ProblemAssert.assertProblem(api.send("PUT", "/api/v1/networks/blue/endpoints/web/aliases", "application/json",
                "{\"aliases\":\"one\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 400,
                "must be an array of strings");
        ProblemAssert.assertProblem(api.send("PUT", "/api/v1/networks/blue/endpoints/nope/aliases", "application/json",
                "{\"aliases\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 404, "endpoint 'nope' not found");
        assertThat(api.topology.snapshot()).isEqualTo(before);
    }
}
