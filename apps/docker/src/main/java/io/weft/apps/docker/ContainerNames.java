package io.weft.apps.docker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a container's Weft endpoint the container's name and hostname as DNS aliases, so that containers on other
 * hosts resolve them at the network's gateway ({@code ping test2} with no {@code --add-host}). Docker tells a
 * driver neither: once Join has returned, Docker lists the container on the network with its endpoint id, and the
 * plugin reads both from there. Runs in the background (dockerd waits on the plugin during Join) and gives up
 * after {@link #PATIENCE}: a container that never starts needs no name.
 */
final class ContainerNames {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerNames.class);
    static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    private final DockerEngine docker;
    private final WeftApi api;
    private final ScheduledExecutorService background;

    ContainerNames(DockerEngine docker, WeftApi api, ScheduledExecutorService background) {
        this.docker = Objects.requireNonNull(docker, "docker");
        this.api = Objects.requireNonNull(api, "api");
        this.background = Objects.requireNonNull(background, "background");
    }

    /** After Join of Docker endpoint {@code dockerEndpoint} on Docker network {@code dockerNetwork}. */
    void learn(String dockerNetwork, String dockerEndpoint, String weftNetwork, String weftEndpoint) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        background.schedule(() -> attempt(dockerNetwork, dockerEndpoint, weftNetwork, weftEndpoint, deadline),
                POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt(String dockerNetwork, String dockerEndpoint, String weftNetwork, String weftEndpoint,
                         long deadline) {
        try {
            Optional<DockerEngine.AttachedContainer> container = docker.containerOn(dockerNetwork, dockerEndpoint);
            if (container.isPresent()) {
                List<String> aliases = new ArrayList<>();
                aliases.add(container.get().name());
                docker.hostnameOf(container.get().id()).filter(h -> !h.equals(container.get().name()))
                        .ifPresent(aliases::add);
                api.setAliases(weftNetwork, weftEndpoint, aliases);
                LOG.info("endpoint {} of {} answers DNS as {}", weftEndpoint, weftNetwork, aliases);
                return;
            }
        } catch (Exception e) {
            LOG.debug("endpoint {} of {}: container name not read yet: {}", weftEndpoint, weftNetwork, e.toString());
        }
        if (System.nanoTime() < deadline) {
            background.schedule(() -> attempt(dockerNetwork, dockerEndpoint, weftNetwork, weftEndpoint, deadline),
                    POLL.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            LOG.warn("endpoint {} of {}: Docker never listed its container; it has no DNS name but its own",
                    weftEndpoint, weftNetwork);
        }
    }
}
