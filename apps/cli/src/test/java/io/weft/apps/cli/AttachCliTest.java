package io.weft.apps.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.apps.cli.CliFixture.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What attach and detach decide before touching the system; the real plumbing is covered by the launcher's AttachIT. */
class AttachCliTest {
    private final CliFixture cli = new CliFixture();

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void netnsIsAPathAPidOrANameUnderRunNetns() {
        assertThat(ContainerNetns.interpret("4242")).isEqualTo(new ContainerNetns(Path.of("/proc/4242/ns/net"), "4242"));
        assertThat(ContainerNetns.interpret("/proc/4242/ns/net"))
                .isEqualTo(new ContainerNetns(Path.of("/proc/4242/ns/net"), "4242"));
        assertThat(ContainerNetns.interpret("c1")).isEqualTo(new ContainerNetns(Path.of("/run/netns/c1"), "c1"));
        assertThat(ContainerNetns.interpret("/run/netns/c1")).isEqualTo(new ContainerNetns(Path.of("/run/netns/c1"), "c1"));
        assertThat(ContainerNetns.interpret("/var/run/docker/netns/ab12"))
                .isEqualTo(new ContainerNetns(Path.of("/var/run/docker/netns/ab12"), "/var/run/docker/netns/ab12"));
        assertThatThrownBy(() -> ContainerNetns.parse("/run/netns/no-such-ns-for-weft"))
                .isInstanceOf(CliFailure.class).hasMessageContaining("does not exist");
    }

    @Test
    void hostSideNameIsDerivedFromTheIdAndFitsLinuxNames() throws Exception {
        AttachedEndpoint e = AttachedEndpoint.of(new ObjectMapper().readTree("{\"id\":\"475b8dfc-5411-458b-86c1-4cab04ff1efd\","
                + "\"name\":\"c\",\"host\":\"h\",\"ip\":\"10.0.0.2\",\"mac\":\"02:42:0A:00:00:02\",\"prefixLength\":24,"
                + "\"gateway\":\"10.0.0.1\",\"mtu\":1450}"));
        assertThat(e.hostSideName()).isEqualTo("wf475b8dfc541").hasSizeLessThanOrEqualTo(15);
        assertThat(e.mac()).isEqualTo("02:42:0a:00:00:02");
        assertThat(e.cidr()).isEqualTo("10.0.0.2/24");
    }

    @Test
    void attachToAMissingNamespaceFailsBeforeCreatingTheEndpoint() {
        cli.weft("network", "create", "net1", "--subnet", "10.1.0.0/24");
        Run run = cli.weft("attach", "--network", "net1", "--name", "c1", "--host", "node-a",
                "--netns", "/run/netns/no-such-ns-for-weft");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("weft: network namespace '/run/netns/no-such-ns-for-weft' not found");
        assertThat(cli.topology.endpoints("net1")).isEmpty();
    }

    @Test
    void bothCommandsAreListedUnderWeft() {
        assertThat(CliCommands.topLevel()).contains(AttachCommand.class, DetachCommand.class);
        assertThat(CliFixture.weftAsIs("attach", "--help").out()).contains("--netns", "--ovs-db", "--timeout");
        assertThat(CliFixture.weftAsIs("detach", "--help").out()).contains("--network", "--name");
    }
}
