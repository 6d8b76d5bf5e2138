package io.weft.apps.docker;

import io.weft.apps.cli.ControllerOption;
import io.weft.apps.cli.OvsDbOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weft docker-plugin}: runs on every Docker host, as root, next to dockerd and Open vSwitch. */
@Command(name = "docker-plugin", mixinStandardHelpOptions = true,
        description = {"Serve Docker's network and IPAM driver 'weft' on this host (run as root).",
                "Then: docker network create -d weft --ipam-driver weft --subnet 10.10.10.0/24 net1; the network "
                        + "appears in Docker on every host running the plugin."})
public final class DockerPluginCommand implements Callable<Integer> {
    @Mixin
    ControllerOption controller;

    @Mixin
    OvsDbOption ovsDb;

    @Option(names = "--socket", defaultValue = "/run/docker/plugins/weft.sock", paramLabel = "PATH",
            description = "Plugin socket Docker finds the driver by (default: ${DEFAULT-VALUE}).")
    Path socket;

    @Option(names = "--docker-host", defaultValue = "${env:DOCKER_HOST:-unix:///var/run/docker.sock}",
            paramLabel = "unix://PATH", description = "The local Docker Engine API (default: ${DEFAULT-VALUE}).")
    String dockerHost;

    @Option(names = "--state-dir", defaultValue = "/var/lib/weft/docker-plugin", paramLabel = "DIR",
            description = "Where the plugin keeps what Docker does not resend after a restart (default: "
                    + "${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--host", paramLabel = "NAME",
            description = "This host's name in Weft (default: the local OVS's external_ids:system-id).")
    String host;

    @Option(names = "--sync-interval", defaultValue = "1000", paramLabel = "MS",
            description = "How often Docker's network list is compared with the controller's (default: "
                    + "${DEFAULT-VALUE} ms).")
    long syncIntervalMillis;

    @Option(names = "--install-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "How long Join waits for the controller to install a container's flows (default: "
                    + "${DEFAULT-VALUE} s).")
    long installTimeoutSeconds;

    @Override
    public Integer call() throws Exception {
        DockerPlugin.Settings settings = new DockerPlugin.Settings(controller.url, controller.credentials(), socket, dockerSocket(dockerHost),
                ovsDb.target, stateDir, host, Duration.ofMillis(syncIntervalMillis), Duration.ofSeconds(15),
                Duration.ofSeconds(installTimeoutSeconds));
        try (DockerPlugin plugin = DockerPlugin.start(settings)) {
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "docker-plugin-stop"));
            stopped.await();
        }
        return 0;
    }

    private static Path dockerSocket(String dockerHost) {
        if (dockerHost.startsWith("unix://")) {
            return Path.of(dockerHost.substring("unix://".length()));
        }
        if (dockerHost.startsWith("/")) {
            return Path.of(dockerHost);
        }
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new DockerPluginCommand()),
                "--docker-host must be unix:///PATH (the plugin talks to the local dockerd only), not " + dockerHost);
    }
}
