package io.weft.apps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** bin/weft sends the CLI commands to weft-cli.jar: exactly those, and each one is there. */
class CliMainTest {
    @Test
    void binWeftRoutesExactlyTheCliCommandsToTheCliJar() throws Exception {
        Path script = Path.of("../../bin/weft");
        Matcher m = Pattern.compile("is_cli_command\\(\\) \\{\\s*case \"\\$\\{1:-}\" in ([a-z|-]+)\\)")
                .matcher(Files.readString(script));
        assertThat(m.find()).as("bin/weft's is_cli_command").isTrue();
        List<String> routed = Arrays.asList(m.group(1).split("\\|"));
        assertThat(routed).containsExactlyInAnyOrderElementsOf(CliMain.names());
    }

    @Test
    void buildsOnlyTheCommandNamed() {
        assertThat(CliMain.commandLine(new String[] {"network", "ls"}).getSubcommands()).containsOnlyKeys("network");
        assertThat(CliMain.commandLine(new String[] {"--help"}).getSubcommands().keySet())
                .containsAll(CliMain.names());
    }
}
