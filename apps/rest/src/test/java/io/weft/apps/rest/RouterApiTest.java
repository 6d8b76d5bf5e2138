package io.weft.apps.rest;

import static io.weft.apps.rest.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.topology.TopologySnapshot;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterApiTest {
    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void stop() {
        api.close();
    }

    private HttpResponse<String> put(String path) {
        return api.send("PUT", path, "application/json", new byte[0]);
    }

    @Test
    void createAttachListDetachDelete() {
        api.createNetwork("{\"name\":\"net1\",\"subnet\":\"10.10.10.0/24\"}");
        api.createNetwork("{\"name\":\"net2\",\"subnet\":\"10.20.0.0/24\"}");

        HttpResponse<String> created = api.post("/api/v1/routers", "{\"name\":\"r1\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/routers/r1");
        assertThat(created.body()).isEqualTo("{\"name\":\"r1\",\"id\":1,\"networks\":[]}");

        assertThat(put("/api/v1/routers/r1/networks/net2").statusCode()).isEqualTo(200);
        HttpResponse<String> attached = put("/api/v1/routers/r1/networks/net1");
        assertThat(attached.statusCode()).isEqualTo(200);
        assertThat(api.parse(attached.body()).get("networks").toString()).isEqualTo("[\"net1\",\"net2\"]");
        assertThat(put("/api/v1/routers/r1/networks/net1").statusCode()).as("attaching again").isEqualTo(200);
        assertThat(api.parse(api.get("/api/v1/networks/net1").body()).get("router").asText()).isEqualTo("r1");

        JsonNode list = api.parse(api.get("/api/v1/routers").body());
        assertThat(list.size()).isEqualTo(1);
        assertThat(api.parse(api.get("/api/v1/routers/r1").body()).get("networks").size()).isEqualTo(2);

        assertThat(api.delete("/api/v1/routers/r1/networks/net2").statusCode()).isEqualTo(200);
        assertThat(api.delete("/api/v1/routers/r1/networks/net1").statusCode()).isEqualTo(200);
        assertThat(api.delete("/api/v1/routers/r1").statusCode()).isEqualTo(204);
        assertThat(api.topology.routers()).isEmpty();
    }

    @Test
    void refusalsAreProblemsAndChangeNothing() {
        api.createNetwork("{\"name\":\"net1\",\"subnet\":\"10.10.10.0/24\"}");
        api.createNetwork("{\"name\":\"same\",\"subnet\":\"10.10.10.0/25\"}");
        api.post("/api/v1/routers", "{\"name\":\"r1\"}");
        put("/api/v1/routers/r1/networks/net1");
        TopologySnapshot before = api.topology.snapshot();

        assertProblem(put("/api/v1/routers/r1/networks/same"), 409, "overlaps network 'net1'");
        assertProblem(put("/api/v1/routers/nope/networks/net1"), 404, "router 'nope' not found");
        assertProblem(put("/api/v1/routers/r1/networks/nope"), 404, "network 'nope' not found");
        assertProblem(api.delete("/api/v1/routers/r1/networks/same"), 404, "not attached to router 'r1'");
        assertProblem(api.delete("/api/v1/routers/r1"), 409, "still routes net1");
        assertProblem(api.post("/api/v1/routers", "{\"name\":\"r1\"}"), 409, "router 'r1' already exists");
        assertProblem(api.post("/api/v1/routers", "{\"name\":\"r/2\"}"), 400, "invalid router name");
        assertProblem(api.post("/api/v1/routers", "{\"name\":\"r3\",\"extra\":1}"), 400, "extra");
        assertProblem(api.get("/api/v1/routers/nope"), 404, "router 'nope' not found");

        assertThat(api.topology.snapshot()).isEqualTo(before);
    }
}
