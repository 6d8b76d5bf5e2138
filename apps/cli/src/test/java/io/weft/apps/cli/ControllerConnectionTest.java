package io.weft.apps.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weft.apps.cli.CliFixture.Run;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** How the CLI finds the controller, and what it says when it cannot. */
class ControllerConnectionTest {

    @Test
    void anUnreachableControllerIsAClearErrorAndExit1() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;

        Run run = CliFixture.weftAsIs("network", "ls", "--controller", url);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("weft: cannot reach the controller at " + url + " (connection refused)")
                .contains("WEFT_CONTROLLER").doesNotContain("Exception");
    }

    @Test
    void anInvalidControllerUrlIsAClearError() {
        Run run = CliFixture.weftAsIs("host", "ls", "--controller", "127.0.0.1:8080");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("weft: invalid controller URL '127.0.0.1:8080': expected http://HOST:PORT or https://HOST:PORT\n");
    }

    @Test
    void aTrailingSlashInTheUrlIsFine() {
        try (CliFixture cli = new CliFixture()) {
            Run run = CliFixture.weftAsIs("host", "ls", "--controller", cli.url + "/");

            assertThat(run.exitCode()).as(run.err()).isZero();
        }
    }

    @Test
    void theDefaultControllerIsTheLocalOne() {
        assumeTrue(System.getenv("WEFT_CONTROLLER") == null, "WEFT_CONTROLLER is set in this environment");

        Run help = CliFixture.weftAsIs("network", "ls", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--controller=URL").contains("Default: http://127.0.0.1:8080");
    }

    @Test
    void everyTopLevelCommandHasHelp() {
        for (String command : new String[] {"network", "endpoint", "host", "flows"}) {
            Run help = CliFixture.weftAsIs(command, "--help");

            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).startsWith("Usage: weft " + command);
        }
    }
}
