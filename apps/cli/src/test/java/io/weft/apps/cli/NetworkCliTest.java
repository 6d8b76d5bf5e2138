package io.weft.apps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.apps.cli.CliFixture.Run;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetworkCliTest {
    private final CliFixture cli = new CliFixture();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void createPrintsTheNewNetwork() {
        Run run = cli.weft("network", "create", "--subnet", "10.10.10.0/24", "blue");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.lines()).containsExactly(
                "Name:      blue",
                "Subnet:    10.10.10.0/24",
                "Gateway:   10.10.10.1",
                "VNI:       256",
                "MTU:       1450");
        assertThat(cli.topology.network("blue")).isPresent();
    }

    @Test
    void createPassesGatewayVniAndMtu() {
        Run run = cli.weft("network", "create", "--subnet", "10.20.0.0/16", "--gateway", "10.20.255.254",
                "--vni", "4242", "--mtu", "9000", "--json", "red");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode network = parse(run.out());
        assertThat(network.get("gateway").asText()).isEqualTo("10.20.255.254");
        assertThat(network.get("vni").asInt()).isEqualTo(4242);
        assertThat(network.get("mtu").asInt()).isEqualTo(9000);
    }

    @Test
    void lsPrintsAnAlignedTable() {
        cli.weft("network", "create", "--subnet", "10.10.10.0/24", "blue");
        cli.weft("network", "create", "--subnet", "172.16.0.0/16", "--vni", "70000", "production");

        Run run = cli.weft("network", "ls");

        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).containsExactly(
                "NAME         SUBNET          GATEWAY      VNI     MTU    DELETION",
                "blue         10.10.10.0/24   10.10.10.1   256     1450   -",
                "production   172.16.0.0/16   172.16.0.1   70000   1450   -");
    }

    @Test
    void lsOfNothingPrintsTheHeaderOnly() {
        Run run = cli.weft("network", "ls");

        assertThat(run.lines()).containsExactly("NAME   SUBNET   GATEWAY   VNI   MTU   DELETION");
    }

    @Test
    void lsJsonPrintsTheApiJson() {
        cli.weft("network", "create", "--subnet", "10.10.10.0/24", "blue");

        Run run = cli.weft("network", "ls", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(parse(run.out()).toString()).isEqualTo(
                "[{\"name\":\"blue\",\"subnet\":\"10.10.10.0/24\",\"gateway\":\"10.10.10.1\",\"vni\":256,\"mtu\":1450,"
                        + "\"deletion\":null,\"router\":null}]");
    }

    @Test
    void inspectShowsOneNetwork() {
        cli.weft("network", "create", "--subnet", "10.10.10.0/24", "blue");

        Run table = cli.weft("network", "inspect", "blue");
        Run asJson = cli.weft("network", "inspect", "--json", "blue");

        assertThat(table.lines()).contains("Subnet:    10.10.10.0/24");
        assertThat(parse(asJson.out()).get("name").asText()).isEqualTo("blue");
    }

    @Test
    void rmDeletesAndPrintsTheName() {
        cli.weft("network", "create", "--subnet", "10.10.10.0/24", "blue");

        Run run = cli.weft("network", "rm", "blue");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("blue\n");
        assertThat(cli.topology.networks()).isEmpty();
    }

    @Test
    void apiErrorsPrintTheDetailAndExit1() {
        Run unknown = cli.weft("network", "inspect", "nope");
        Run badSubnet = cli.weft("network", "create", "--subnet", "10.10.10.5/24", "blue");
        Run notEmpty = removeNonEmptyNetwork();

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).isEqualTo("weft: network 'nope' not found\n");
        assertThat(badSubnet.exitCode()).isEqualTo(1);
        assertThat(badSubnet.err()).isEqualTo(
                "weft: invalid subnet: 10.10.10.5/24 has host bits set; the network address is 10.10.10.0/24\n");
        assertThat(notEmpty.exitCode()).isEqualTo(1);
        assertThat(notEmpty.err()).isEqualTo("weft: network 'blue' still has 1 endpoint (on node-a); delete them first\n");
    }

    private Run removeNonEmptyNetwork() {
        cli.weft("network", "create", "--subnet", "10.10.10.0/24", "blue");
        cli.weft("endpoint", "create", "--network", "blue", "--host", "node-a", "web");
        return cli.weft("network", "rm", "blue");
    }

    @Test
    void rmWhenEmptyMarksANetworkInUseAndItShowsInLsAndInspect() {
        cli.weft("network", "create", "--subnet", "10.10.10.0/24", "blue");
        cli.weft("endpoint", "create", "--network", "blue", "--host", "node-a", "web");

        Run marked = cli.weft("network", "rm", "--when-empty", "blue");

        assertThat(marked.exitCode()).as(marked.err()).isZero();
        assertThat(marked.out()).isEqualTo("blue: deleted when its last endpoint is\n");
        assertThat(cli.weft("network", "ls").lines()).contains(
                "blue   10.10.10.0/24   10.10.10.1   256   1450   with its last endpoint (weft network rm --when-empty)");
        assertThat(cli.weft("network", "inspect", "blue").lines())
                .contains("Deletion:   with its last endpoint (weft network rm --when-empty)");
        cli.weft("endpoint", "rm", "--network", "blue", "web");
        assertThat(cli.weft("network", "inspect", "blue").err()).isEqualTo("weft: network 'blue' not found\n");
    }

    @Test
    void aNameThatIsNotAUrlSegmentStaysOne() {
        Run run = cli.weft("network", "inspect", "a/b c");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("weft: network 'a/b c' not found\n");
    }

    @Test
    void usageErrorsExit2() {
        Run missingSubnet = cli.weft("network", "create", "blue");
        Run noSubcommand = CliFixture.weftAsIs("network");
        Run vniNotANumber = cli.weft("network", "create", "--subnet", "10.0.0.0/24", "--vni", "abc", "blue");

        assertThat(missingSubnet.exitCode()).isEqualTo(2);
        assertThat(missingSubnet.err()).contains("--subnet");
        assertThat(noSubcommand.exitCode()).isEqualTo(2);
        assertThat(noSubcommand.err()).contains("Missing required subcommand").contains("create");
        assertThat(vniNotANumber.exitCode()).isEqualTo(2);
        assertThat(cli.topology.networks()).isEmpty();
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
