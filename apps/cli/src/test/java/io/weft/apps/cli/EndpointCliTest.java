package io.weft.apps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.apps.cli.CliFixture.Run;
import io.weft.topology.Endpoint;
import io.weft.topology.EndpointStatus;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndpointCliTest {
    private final CliFixture cli = new CliFixture();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void createNetwork() {
        assertThat(cli.weft("network", "create", "--subnet", "10.10.10.0/24", "blue").exitCode()).isZero();
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void createPrintsTheAssignedAddresses() {
        Run run = cli.weft("endpoint", "create", "--network", "blue", "--host", "node-a", "web");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Endpoint created = cli.topology.endpoint("blue", "web").orElseThrow();
        assertThat(run.lines()).containsExactly(
                "ID:        " + created.id(),
                "Name:      web",
                "Network:   blue",
                "Host:      node-a",
                "IP:        10.10.10.2/24",
                "MAC:       02:42:0a:0a:0a:02",
                "Gateway:   10.10.10.1",
                "MTU:       1450",
                "Status:    pending",
                "OF port:   -");
    }

    @Test
    void createPassesIpAndMac() {
        Run run = cli.weft("endpoint", "create", "--network", "blue", "--host", "node-b", "--ip", "10.10.10.50",
                "--mac", "0a:00:27:00:00:01", "--json", "db");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode endpoint = parse(run.out());
        assertThat(endpoint.get("ip").asText()).isEqualTo("10.10.10.50");
        assertThat(endpoint.get("mac").asText()).isEqualTo("0a:00:27:00:00:01");
        assertThat(endpoint.get("ofport").isNull()).isTrue();
    }

    @Test
    void lsPrintsAnAlignedTable() {
        cli.weft("endpoint", "create", "--network", "blue", "--host", "node-a", "web");
        cli.weft("endpoint", "create", "--network", "blue", "--host", "node-b", "database");
        Endpoint web = cli.topology.endpoint("blue", "web").orElseThrow();
        Endpoint database = cli.topology.endpoint("blue", "database").orElseThrow();
        cli.topology.bindEndpoint(web.id(), "node-a", 12);
        cli.topology.setEndpointStatus(web.id(), EndpointStatus.INSTALLED);

        Run run = cli.weft("endpoint", "ls", "--network", "blue");

        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).containsExactly(
                "NAME       IP           MAC                 HOST     STATUS                     OFPORT   ID",
                "database   10.10.10.3   02:42:0a:0a:0a:03   node-b   pending (host not ready)   -        "
                        + database.id(),
                "web        10.10.10.2   02:42:0a:0a:0a:02   node-a   installed                  12       " + web.id());
    }

    @Test
    void lsJsonPrintsTheApiJson() {
        cli.weft("endpoint", "create", "--network", "blue", "--host", "node-a", "web");

        Run run = cli.weft("endpoint", "ls", "--network", "blue", "--json");

        JsonNode list = parse(run.out());
        assertThat(list.isArray()).isTrue();
        assertThat(list.get(0).get("name").asText()).isEqualTo("web");
        assertThat(list.get(0).get("prefixLength").asInt()).isEqualTo(24);
    }

    @Test
    void inspectByNameOrId() {
        cli.weft("endpoint", "create", "--network", "blue", "--host", "node-a", "web");
        String id = cli.topology.endpoint("blue", "web").orElseThrow().id();

        Run byName = cli.weft("endpoint", "inspect", "--network", "blue", "web");
        Run byId = cli.weft("endpoint", "inspect", "--network", "blue", "--json", id);

        assertThat(byName.lines()).contains("ID:        " + id);
        assertThat(parse(byId.out()).get("name").asText()).isEqualTo("web");
    }

    @Test
    void rmDeletesTheEndpoint() {
        cli.weft("endpoint", "create", "--network", "blue", "--host", "node-a", "web");

        Run run = cli.weft("endpoint", "rm", "--network", "blue", "web");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("web\n");
        assertThat(cli.topology.endpoints("blue")).isEmpty();
    }

    @Test
    void apiErrorsPrintTheDetailAndExit1() {
        cli.weft("endpoint", "create", "--network", "blue", "--host", "node-a", "web");

        Run duplicateIp = cli.weft("endpoint", "create", "--network", "blue", "--host", "node-a", "--ip",
                "10.10.10.2", "web2");
        Run unknownHost = cli.weft("endpoint", "create", "--network", "blue", "--host", "ghost", "web3");
        Run unknownNetwork = cli.weft("endpoint", "ls", "--network", "nope");
        Run unknownEndpoint = cli.weft("endpoint", "rm", "--network", "blue", "nope");

        assertThat(duplicateIp.exitCode()).isEqualTo(1);
        assertThat(duplicateIp.err()).isEqualTo(
                "weft: ip 10.10.10.2 is already used by endpoint 'web' of network 'blue'\n");
        assertThat(unknownHost.err()).isEqualTo("weft: unknown host 'ghost'\n");
        assertThat(unknownNetwork.err()).isEqualTo("weft: network 'nope' not found\n");
        assertThat(unknownEndpoint.exitCode()).isEqualTo(1);
        assertThat(unknownEndpoint.err()).isEqualTo("weft: endpoint 'nope' not found in network 'blue'\n");
        assertThat(cli.topology.endpoints("blue")).hasSize(1);
    }

    @Test
    void networkIsRequired() {
        Run run = cli.weft("endpoint", "ls");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--network");
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
