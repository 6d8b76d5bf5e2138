package io.weft.apps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.apps.cli.CliFixture.Run;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostCliTest {
    private final CliFixture cli = new CliFixture();

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void lsShowsReadinessAndWhyNot() {
        Run run = cli.weft("host", "ls");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lines()).containsExactly(
                "NAME     TUNNEL IP    OVSDB          OPENFLOW       DATAPATH ID        TUNNEL      READY",
                "node-a   198.18.0.1   connected      connected      00000000000000a1   unchecked   yes",
                "node-b   -            disconnected   disconnected   -                  unchecked   "
                        + "no (missing external_ids:weft-tunnel-ip)");
    }

    @Test
    void lsJsonPrintsTheApiJson() throws IOException {
        Run run = cli.weft("host", "ls", "--json");

        JsonNode hosts = new ObjectMapper().readTree(run.out());
        assertThat(hosts).hasSize(2);
        assertThat(hosts.get(0).get("ready").asBoolean()).isTrue();
    }

    @Test
    void inspectShowsOneHost() {
        Run run = cli.weft("host", "inspect", "node-a");

        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).containsExactly(
                "Name:            node-a",
                "Tunnel IP:       198.18.0.1",
                "OVSDB:           connected",
                "OpenFlow:        connected",
                "Datapath ID:     00000000000000a1",
                "Datapath type:   -",
                "Tunnel:          unchecked (not checked yet)",
                "Ready:           yes");
    }

    @Test
    void inspectUnknownHostFails() {
        Run run = cli.weft("host", "inspect", "ghost");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("weft: host 'ghost' not found\n");
    }

    @Test
    void flowsPrintsTheHostsFlowsAsIs() {
        cli.flows.put("node-a", " table=0, priority=0 actions=drop\n table=1, priority=0 actions=drop");

        Run run = cli.weft("flows", "node-a", "--raw");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(" table=0, priority=0 actions=drop\n table=1, priority=0 actions=drop\n");
    }

    @Test
    void flowsOfAHostWithoutFlowsPrintsNothing() {
        Run run = cli.weft("flows", "node-b", "--raw");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
    }

    @Test
    void readableFlowsOfAHostWithoutAnOverlaySayItHoldsNone() {
        Run run = cli.weft("flows", "node-b");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("host node-b holds no Weft flows yet\n");
    }

    @Test
    void flowsOfUnknownHostFails() {
        Run run = cli.weft("flows", "ghost");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("weft: host 'ghost' not found\n");
    }
}
