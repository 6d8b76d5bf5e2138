package io.weft.apps.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.apps.cli.ApiClient;
import io.weft.apps.cli.ApiCredentials;
import io.weft.apps.cli.HostPlumbing;
import io.weft.apps.cli.LocalCommands;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One host's Docker plugin, wired: the socket Docker calls, the drivers, the state file and the network sync. */
final class DockerPlugin implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerPlugin.class);

    /** Everything the plugin is told on the command line. */
    record Settings(String controllerUrl, ApiCredentials credentials, Path socket, Path dockerSocket, String ovsDb, Path stateDir, String host,
                    Duration syncInterval, Duration networkWait, Duration installWait) {
        Settings {
            Objects.requireNonNull(controllerUrl, "controllerUrl");
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(socket, "socket");
            Objects.requireNonNull(dockerSocket, "dockerSocket");
            Objects.requireNonNull(stateDir, "stateDir");
        }
    }

    private final ScheduledExecutorService background;
    private final UnixHttpServer server;

    private DockerPlugin(ScheduledExecutorService background, UnixHttpServer server) {
        this.background = background;
        this.server = server;
    }

    static DockerPlugin start(Settings settings) throws IOException {
        ObjectMapper json = new ObjectMapper();
        HostPlumbing plumbing = new HostPlumbing(new LocalCommands(), settings.ovsDb());
        String host = settings.host() != null ? settings.host() : plumbing.systemId();
        WeftApi api = new WeftApi(new ApiClient(settings.controllerUrl(), json, settings.credentials()));
        PluginState state = PluginState.open(settings.stateDir(), json);
        DockerEngine docker = new DockerEngine(new UnixHttpClient(settings.dockerSocket(), Duration.ofSeconds(30)),
                json);
        ScheduledExecutorService background = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, "docker-plugin-sync");
            thread.setDaemon(true);
            return thread;
        });
        NetworkNamer namer = new NetworkNamer(docker, api, state, background);
        JoinedContainers joined = new JoinedContainers(docker, api, new LocalCommands(), background);
        WeftNetworkDriver network = new WeftNetworkDriver(api, state, namer, plumbing, host, settings.networkWait(),
                settings.installWait(), joined);
        WeftIpamDriver ipam = new WeftIpamDriver(api, state, host, settings.networkWait());
        UnixHttpServer server = UnixHttpServer.start(settings.socket(), new PluginProtocol(json, network, ipam));
        namer.resumePending();
        NetworkMirror mirror = new NetworkMirror(docker, api, state);
        background.scheduleWithFixedDelay(mirror::syncOnce, 0, settings.syncInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(joined::syncRoutes, 0, settings.syncInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("weft Docker plugin for host {} on {} (controller {}, Docker {}, state {})", host,
                settings.socket(), settings.controllerUrl(), settings.dockerSocket(), state.file());
        return new DockerPlugin(background, server);
    }

    @Override
    public void close() throws IOException {
        background.shutdownNow();
        server.close();
    }
}
