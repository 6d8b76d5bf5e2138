package io.weft.apps.rest;

import static io.weft.apps.rest.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.topology.EndpointRequest;
import io.weft.topology.NetworkRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's routes on a server without an overlay ({@link Diagnostics#NONE}): the whole topology in one answer,
 * the trace's refusals of bad input before any tracing, the topology page's files. ObservabilityIT runs them with
 * the real metrics, tracer and flow tables.
 */
class DiagnosticsApiTest {
    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void theTopologyComesInOneAnswerWithTheTunnelsBetweenHostsSharingANetwork() throws Exception {
        api.topology.createNetwork(NetworkRequest.of("net1", "10.1.0.0/24"));
        api.topology.createEndpoint("net1", EndpointRequest.of("a", ApiFixture.HOST_A));
        api.topology.createEndpoint("net1", EndpointRequest.of("b", ApiFixture.HOST_B));
        HttpResponse<String> response = api.get("/api/v1/topology");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode topology = api.json.readTree(response.body());
        assertThat(topology.path("hosts")).hasSize(2);
        assertThat(topology.path("hosts").get(1).path("ready").asBoolean()).isFalse();
        assertThat(topology.path("networks").get(0).path("name").asText()).isEqualTo("net1");
        assertThat(topology.path("endpoints")).extracting(e -> e.path("name").asText()).containsExactly("a", "b");
        assertThat(topology.path("tunnels").toString())
                .isEqualTo("[{\"hosts\":[\"node-a\",\"node-b\"],\"networks\":[\"net1\"]}]");
    }

    @Test
    void anUnchangedTopologyIsAnswered304WithoutABody() throws Exception {
        HttpResponse<String> first = api.get("/api/v1/topology");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = api.send(api.request("/api/v1/topology").header("If-None-Match", etag).GET());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        api.topology.createNetwork(NetworkRequest.of("net9", "10.9.0.0/24"));
        HttpResponse<String> changed = api.send(api.request("/api/v1/topology").header("If-None-Match", etag).GET());
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
        assertThat(api.json.readTree(changed.body()).path("networks").get(0).path("name").asText()).isEqualTo("net9");
    }

    @Test
    void aTraceNeedsAValidPacketBeforeAnythingIsTraced() {
        api.topology.createNetwork(NetworkRequest.of("net1", "10.1.0.0/24"));
        String trace = "/api/v1/networks/net1/trace";
        assertProblem(api.get(trace + "?to=10.1.0.5"), 400, "from");
        assertProblem(api.get(trace + "?from=a"), 400, "to (an IPv4 address) is required");
        assertProblem(api.get(trace + "?from=a&to=10.1.0.300"), 400, "10.1.0.300");
        assertProblem(api.get(trace + "?from=a&to=10.1.0.5&proto=sctp"), 400, "proto must be one of");
        assertProblem(api.get(trace + "?from=a&to=10.1.0.5&dport=80"), 400, "dport needs proto tcp or udp");
        assertProblem(api.get(trace + "?from=a&to=10.1.0.5&proto=tcp&dport=x"), 400, "not a number");
        assertProblem(api.get(trace + "?from=a&to=10.1.0.5&srcMac=zz"), 400, "zz");
        assertProblem(api.get(trace + "?from=a&to=10.1.0.5&port=80"), 400, "unknown query parameter 'port'");
        assertProblem(api.get("/api/v1/networks/nope/trace?from=a&to=10.1.0.5"), 404, "nope");
        assertProblem(api.get(trace + "?from=a&to=10.1.0.5"), 404, "no overlay to trace");
    }

    @Test
    void withoutMetricsOrAnOverlayTheRoutesSaySo() throws Exception {
        assertProblem(api.get("/metrics"), 404, "exports no metrics");
        assertProblem(api.get("/api/v1/hosts/ghost/flow-tables"), 404, "host 'ghost' not found");
        HttpResponse<String> none = api.get("/api/v1/hosts/" + ApiFixture.HOST_A + "/flow-tables");
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(api.json.readTree(none.body()).path("tables")).isEmpty();
    }

    @Test
    void theTopologyPageIsServedWithAStrictContentPolicy() {
        HttpResponse<String> page = api.get("/ui/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"topology.js\"");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'none'").contains("connect-src 'self'"));
        assertThat(api.get("/ui/topology.js").headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        HttpResponse<String> bare = api.get("/ui");
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).contains("/ui/");
    }
}
