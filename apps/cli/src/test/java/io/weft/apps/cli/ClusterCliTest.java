package io.weft.apps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.apps.cli.CliFixture.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code weft cluster status} against a controller on its embedded store (ClusterIT covers three on etcd). */
class ClusterCliTest {
    private final CliFixture cli = new CliFixture();

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void aSingleControllerSaysItLeadsAlone() {
        Run run = cli.weft("cluster", "status");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lines()).containsExactly(
                "Mode:   single",
                "Role:   leader (one controller on its embedded store)");
    }

    @Test
    void jsonIsTheApisAnswer() {
        Run run = cli.weft("cluster", "status", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"mode\" : \"single\"").contains("\"role\" : \"leader\"");
    }
}
