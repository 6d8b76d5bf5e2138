package io.weft.apps.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.topology.Topology;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndpointBatchApiTest {
    private static final String BATCH = "/api/v1/networks/blue/endpoints:batch";
    private final ApiFixture api = new ApiFixture();

    @BeforeEach
    void createNetwork() {
        api.createNetwork("{\"name\":\"blue\",\"subnet\":\"10.10.10.0/24\"}");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void eachItemGetsItsOwnResultInOrderAndARefusedOneStopsNothing() {
        api.createEndpoint("blue", "{\"name\":\"taken\",\"host\":\"node-a\"}");
        HttpResponse<String> response = api.post(BATCH, "{\"endpoints\":["
                + "{\"name\":\"a\",\"host\":\"node-a\"},"
                + "{\"name\":\"taken\",\"host\":\"node-a\"},"
                + "{\"name\":\"b\",\"host\":\"node-b\",\"ip\":\"10.10.10.99\"},"
                + "{\"name\":\"c\",\"host\":\"node-a\",\"ip\":\"192.168.0.1\"},"
                + "{\"name\":\"d\"},"
                + "[],"
                + "{\"name\":\"e\",\"host\":\"node-a\",\"colour\":\"red\"},"
                + "{\"name\":\"f\",\"host\":\"node-a\",\"lifetime\":\"port\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = api.parse(response.body());
        assertThat(body.get("created").asInt()).isEqualTo(3);
        assertThat(body.get("failed").asInt()).isEqualTo(5);
        JsonNode results = body.get("results");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
            statuses.add(results.get(i).get("status").asInt());
        }
        assertThat(statuses).containsExactly(201, 409, 201, 400, 400, 400, 400, 201);
        assertThat(results.get(0).get("endpoint").get("ip").asText()).isEqualTo("10.10.10.3");
        assertThat(results.get(0).has("problem")).isFalse();
        assertThat(results.get(2).get("endpoint").get("ip").asText()).isEqualTo("10.10.10.99");
        assertThat(results.get(7).get("endpoint").get("lifetime").asText()).isEqualTo("port");
        assertThat(results.get(1).get("problem").get("detail").asText()).contains("taken");
        assertThat(results.get(1).has("endpoint")).isFalse();
        assertThat(results.get(3).get("problem").get("detail").asText()).contains("192.168.0.1");
        assertThat(results.get(4).get("problem").get("detail").asText()).contains("'host' is required");
        assertThat(results.get(5).get("problem").get("detail").asText()).contains("endpoints[5] must be an object");
        assertThat(results.get(6).get("problem").get("detail").asText()).contains("unknown field 'colour'");
        assertThat(results.get(6).get("problem").get("status").asInt()).isEqualTo(400);

        JsonNode listed = api.parse(api.get("/api/v1/networks/blue/endpoints").body());
        List<String> names = new ArrayList<>();
        listed.forEach(e -> names.add(e.get("name").asText()));
        assertThat(names).containsExactly("a", "b", "f", "taken");
    }

    @Test
    void aFullBatchIsMadeAndOneTooManyIsRefusedWhole() {
        api.createNetwork("{\"name\":\"big\",\"subnet\":\"10.20.0.0/16\"}");
        HttpResponse<String> full = api.post("/api/v1/networks/big/endpoints:batch", items(Topology.MAX_BATCH));
        assertThat(full.statusCode()).as(full.body()).isEqualTo(200);
        assertThat(api.parse(full.body()).get("created").asInt()).isEqualTo(Topology.MAX_BATCH);

        ProblemAssert.assertProblem(api.post(BATCH, items(Topology.MAX_BATCH + 1)), 400,
                "has 1001 items; at most 1000");
        assertThat(api.parse(api.get("/api/v1/networks/blue/endpoints").body())).isEmpty();
    }

    @Test
    void theRequestItselfIsRefusedWithAProblem() {
        ProblemAssert.assertProblem(api.post("/api/v1/networks/nope/endpoints:batch", items(1)), 404,
                "network 'nope' not found");
        ProblemAssert.assertProblem(api.post(BATCH, "{\"endpoints\":{}}"), 400, "'endpoints' must be an array");
        ProblemAssert.assertProblem(api.post(BATCH, "{}"), 400, "'endpoints' is required");
        ProblemAssert.assertProblem(api.post(BATCH, "[]"), 400, "must be a JSON object");
        ProblemAssert.assertProblem(api.get(BATCH), 405, "allowed: POST");
        assertThat(api.parse(api.get("/api/v1/networks/blue/endpoints").body())).isEmpty();
    }

    private static String items(int count) {
        StringBuilder json = new StringBuilder("{\"endpoints\":[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("{\"name\":\"ep").append(i).append("\",\"host\":\"node-a\"}");
        }
        return json.append("]}").toString();
    }
}
