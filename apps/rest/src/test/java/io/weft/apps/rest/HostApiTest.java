package io.weft.apps.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.topology.TunnelHealth;
import io.weft.topology.Host;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostApiTest {
    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void listShowsEveryHostSortedByName() {
        HttpResponse<String> response = api.get("/api/v1/hosts");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode hosts = api.parse(response.body());
        assertThat(hosts).hasSize(2);
        assertThat(hosts.get(0).toString()).isEqualTo("{\"name\":\"node-a\",\"tunnelIp\":\"198.18.0.1\","
                + "\"ovsdb\":\"connected\",\"openflow\":\"connected\",\"datapathId\":\"00000000000000a1\","
                + "\"datapathType\":null,\"tunnel\":\"unchecked\",\"tunnelDetail\":\"not checked yet\","
                + "\"ready\":true,\"notReadyReason\":null}");
        assertThat(hosts.get(1).get("name").asText()).isEqualTo("node-b");
    }

    @Test
    void aHostThatIsNotReadySaysWhy() {
        JsonNode host = api.parse(api.get("/api/v1/hosts/node-b").body());

        assertThat(host.get("ready").asBoolean()).isFalse();
        assertThat(host.get("notReadyReason").asText()).isEqualTo("missing external_ids:weft-tunnel-ip");
        assertThat(host.get("tunnelIp").isNull()).isTrue();
        assertThat(host.get("datapathId").isNull()).isTrue();
        assertThat(host.get("openflow").asText()).isEqualTo("disconnected");
    }

    @Test
    void aDisconnectedHostIsNotReadyEvenWithoutAReportedReason() {
        api.topology.upsertHost(Host.named("node-c"));

        JsonNode host = api.parse(api.get("/api/v1/hosts/node-c").body());

        assertThat(host.get("ready").asBoolean()).isFalse();
        assertThat(host.get("notReadyReason").asText()).isEqualTo("ovsdb session is disconnected");
    }

    @Test
    void getUnknownHostIs404() {
        ProblemAssert.assertProblem(api.get("/api/v1/hosts/ghost"), 404, "host 'ghost' not found");
    }

    @Test
    void flowsAreServedAsPlainText() {
        String flows = " cookie=0x1, table=0, priority=100,in_port=1 actions=resubmit(,1)\n";
        api.setFlows("node-a", flows);

        HttpResponse<String> response = api.get("/api/v1/hosts/node-a/flows");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).isEqualTo(flows);
    }

    @Test
    void aKnownHostWithoutFlowsAnswersAnEmptyText() {
        HttpResponse<String> response = api.get("/api/v1/hosts/node-b/flows");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void flowsOfUnknownHostIs404() {
        api.setFlows("ghost", "stale");

        ProblemAssert.assertProblem(api.get("/api/v1/hosts/ghost/flows"), 404, "host 'ghost' not found");
    }

    @Test
    void aHostWhoseTunnelIsDownIsNotReadyAndItsEndpointsSayWhy() {
        api.topology.updateHost("node-a", h -> h.withTunnel(TunnelHealth.down("no probe from it reached node-b")));
        api.createNetwork("{\"name\":\"blue\",\"subnet\":\"10.10.10.0/24\"}");
        api.createEndpoint("blue", "{\"name\":\"web\",\"host\":\"node-a\"}");

        JsonNode host = api.parse(api.get("/api/v1/hosts/node-a").body());
        assertThat(host.get("ready").asBoolean()).isFalse();
        assertThat(host.get("tunnel").asText()).isEqualTo("down");
        assertThat(host.get("notReadyReason").asText()).isEqualTo("tunnel down: no probe from it reached node-b");
        JsonNode endpoint = api.parse(api.get("/api/v1/networks/blue/endpoints/web").body());
        assertThat(endpoint.get("problem").asText())
                .isEqualTo("host node-a is not ready: tunnel down: no probe from it reached node-b");

        api.topology.updateHost("node-a", h -> h.withTunnel(TunnelHealth.up("probes reach node-b")));
        assertThat(api.parse(api.get("/api/v1/hosts/node-a").body()).get("ready").asBoolean()).isTrue();
        assertThat(api.parse(api.get("/api/v1/networks/blue/endpoints/web").body()).get("problem").isNull()).isTrue();
    }
}
