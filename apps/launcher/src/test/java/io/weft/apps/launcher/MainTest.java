package io.weft.apps.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command tree: a call that names its command builds only that one; help and the bare command show them all. */
class MainTest {

    @Test
    void aNamedCommandGetsOnlyItsOwnTree() {
        CommandLine cmd = Main.commandLine(new String[] {"network", "ls"});
        assertThat(cmd.getSubcommands()).containsOnlyKeys("network", "help");
        assertThat(cmd.getSubcommands().get("network").getSubcommands()).containsKeys("ls", "create", "rm");
    }

    @Test
    void helpAndUnknownCommandsSeeEveryCommand() {
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "router"}, {"frobnicate"}}) {
            assertThat(Main.commandLine(args).getSubcommands()).as(String.join(" ", args))
                    .containsKeys("controller", "store", "docker-plugin", "demo", "network", "router", "endpoint",
                            "host", "flows", "attach", "detach", "token", "help");
        }
        StringWriter err = new StringWriter();
        CommandLine unknown = Main.commandLine(new String[] {"frobnicate"});
        unknown.setErr(new PrintWriter(err));
        assertThat(unknown.execute("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument", "frobnicate");
    }
}
