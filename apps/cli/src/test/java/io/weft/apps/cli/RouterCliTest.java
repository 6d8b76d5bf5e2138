package io.weft.apps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.apps.cli.CliFixture.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterCliTest {
    private final CliFixture cli = new CliFixture();

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void createAttachLsDetachRm() {
        cli.weft("network", "create", "--subnet", "10.10.10.0/24", "net1");
        cli.weft("network", "create", "--subnet", "10.20.0.0/24", "net2");

        Run created = cli.weft("router", "create", "r1");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.lines()).containsExactly("Name:       r1", "Id:         1", "Networks:   -");

        assertThat(cli.weft("router", "attach", "r1", "net1").exitCode()).isZero();
        Run attached = cli.weft("router", "attach", "r1", "net2");
        assertThat(attached.lines()).contains("Networks:   net1,net2");
        assertThat(cli.weft("router", "ls").lines()).containsExactly(
                "NAME   ID   NETWORKS",
                "r1     1    net1,net2");

        assertThat(cli.weft("network", "inspect", "net1").lines()).contains("Router:    r1");
        assertThat(cli.weft("router", "detach", "r1", "net1").lines()).containsExactly("net1");
        assertThat(cli.weft("network", "inspect", "net1").out()).doesNotContain("Router:");
        assertThat(cli.topology.router("r1").orElseThrow().networks()).containsExactly("net2");
        Run inUse = cli.weft("router", "rm", "r1");
        assertThat(inUse.exitCode()).isNotZero();
        assertThat(inUse.err()).contains("router 'r1' still routes net2; detach them first");

        cli.weft("router", "detach", "r1", "net2");
        assertThat(cli.weft("router", "rm", "r1").lines()).containsExactly("r1");
        assertThat(cli.topology.routers()).isEmpty();
    }

    @Test
    void anOverlappingNetworkIsRefusedWithTheReason() {
        cli.weft("network", "create", "--subnet", "10.10.10.0/24", "net1");
        cli.weft("network", "create", "--subnet", "10.10.0.0/16", "wide");
        cli.weft("router", "create", "r1");
        cli.weft("router", "attach", "r1", "net1");

        Run run = cli.weft("router", "attach", "r1", "wide");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("network 'wide' (10.10.0.0/16) overlaps network 'net1' (10.10.10.0/24)");
    }
}
