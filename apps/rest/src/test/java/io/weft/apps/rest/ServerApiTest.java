package io.weft.apps.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.topology.Host;
import io.weft.topology.Topology;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health, the OpenAPI document, routing errors and the server's life cycle. */
class ServerApiTest {
    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void healthIsOk() {
        HttpResponse<String> response = api.get("/api/v1/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void openApiDocumentIsServedAsYaml() {
        HttpResponse<String> response = api.get("/api/v1/openapi.yaml");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/yaml"));
        assertThat(response.body()).startsWith("openapi: 3.0").isEqualTo(OpenApiDocument.load());
    }

    @Test
    void unknownRouteIs404Problem() {
        ProblemAssert.assertProblem(api.get("/api/v2/networks"), 404, "no such resource: GET /api/v2/networks");
        ProblemAssert.assertProblem(api.get("/"), 404, "no such resource");
    }

    @Test
    void wrongMethodIs405ProblemWithAllowHeader() {
        HttpResponse<String> response = api.send("PUT", "/api/v1/networks/blue", "application/json", "{}".getBytes());

        ProblemAssert.assertProblem(response, 405, "method PUT is not allowed on /api/v1/networks/blue");
        assertThat(response.headers().firstValue("Allow")).contains("DELETE, GET");
    }

    @Test
    void aTrailingSlashIsIgnored() {
        assertThat(api.get("/api/v1/networks/").statusCode()).isEqualTo(200);
    }

    @Test
    void aMalformedUriIsAProblemToo() {
        String response = api.raw("GET /api/v1/networks/a%zz HTTP/1.1");

        assertThat(response).startsWith("HTTP/1.1 400").contains("Content-Type: application/problem+json")
                .contains("\"status\":400").doesNotContain("<html");
    }

    @Test
    void oversizedHeadersAreAProblemToo() {
        String response = api.raw("GET /api/v1/networks HTTP/1.1\r\nX-Padding: " + "y".repeat(64 * 1024));

        assertThat(response).startsWith("HTTP/1.1 431").contains("Content-Type: application/problem+json")
                .contains("\"status\":431");
    }

    @Test
    void anUnexpectedFailureIsA500ThatRevealsNothing() throws Exception {
        Topology topology = Topology.inMemory();
        topology.upsertHost(Host.named("node-a"));
        HostFlowsSource broken = host -> {
            throw new IllegalStateException("secret internal state");
        };
        try (RestServer server = new RestServer(topology, broken, "127.0.0.1", 0)) {
            int port = server.start();
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/hosts/node-a/flows")).build();

            HttpResponse<String> response = HttpClient.newHttpClient().send(request, BodyHandlers.ofString());


            ProblemAssert.assertProblem(response, 500, "internal error");
            assertThat(response.body()).doesNotContain("secret").doesNotContain("IllegalState");
        }
    }

    @Test
    void startTwiceIsRefusedAndCloseIsIdempotent() {
        RestServer server = new RestServer(Topology.inMemory(), host -> Optional.empty(), "127.0.0.1", 0);
        assertThat(server.start()).isPositive();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
        server.close();
        server.close();
    }
}
