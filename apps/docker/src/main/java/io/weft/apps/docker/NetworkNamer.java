package io.weft.apps.docker;

import io.weft.apps.cli.CliFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a network created with {@code docker network create -d weft NAME} its Weft network. CreateNetwork does not
 * carry NAME and Docker only commits the network after the driver answers, so the name is read from the Engine API
 * afterwards, on this class's thread (a call from inside CreateNetwork could wait on dockerd forever).
 */
final class NetworkNamer {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkNamer.class);
    /** Docker commits the network a few milliseconds after CreateNetwork returns. */
    private static final Duration DOCKER_RETRY = Duration.ofMillis(20);
    /** How long a network may stay unknown to Docker before the plugin gives up (a failed create). */
    private static final Duration DOCKER_GIVE_UP = Duration.ofSeconds(60);
    private static final Duration CONTROLLER_RETRY = Duration.ofSeconds(1);

    private final DockerEngine docker;
    private final WeftApi api;
    private final PluginState state;
    private final ScheduledExecutorService executor;

    NetworkNamer(DockerEngine docker, WeftApi api, PluginState state, ScheduledExecutorService executor) {
        this.docker = Objects.requireNonNull(docker, "docker");
        this.api = Objects.requireNonNull(api, "api");
        this.state = Objects.requireNonNull(state, "state");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Resumes naming the networks an earlier run of the plugin left unnamed. */
    void resumePending() {
        state.networks().forEach((id, binding) -> {
            if (!binding.resolved() && binding.failure() == null) {
                nameLater(id);
            }
        });
    }

    void nameLater(String dockerId) {
        schedule(dockerId, System.nanoTime() + DOCKER_GIVE_UP.toNanos(), Duration.ZERO);
    }

    private void schedule(String dockerId, long giveUpAt, Duration delay) {
        executor.schedule(() -> attempt(dockerId, giveUpAt), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt(String dockerId, long giveUpAt) {
        Optional<PluginState.NetworkBinding> binding = state.network(dockerId);
        if (binding.isEmpty() || binding.get().resolved() || binding.get().failure() != null) {
            return;
        }
        Optional<DockerEngine.DockerNetwork> network;
        try {
            network = docker.network(dockerId);
        } catch (IOException e) {
            LOG.debug("docker inspect {}: {}", dockerId, e.getMessage());
            network = Optional.empty();
        }
        if (network.isEmpty()) {
            if (System.nanoTime() > giveUpAt) {
                LOG.warn("Docker never committed network {}; forgetting it", dockerId);
                state.removeNetwork(dockerId);
            } else {
                schedule(dockerId, giveUpAt, DOCKER_RETRY);
            }
            return;
        }
        String name = network.get().name();
        try {
            state.putNetwork(dockerId, register(name, binding.get()));
            LOG.info("Docker network {} ({}) is Weft network {}", name, dockerId, name);
        } catch (CliFailure e) {
            if (e.controllerUnreachable()) {
                LOG.warn("cannot register network {} yet: {}", name, e.getMessage());
                schedule(dockerId, Long.MAX_VALUE, CONTROLLER_RETRY);
            } else {
                LOG.error("network {} cannot be a Weft network: {}", name, e.getMessage());
                state.putNetwork(dockerId, failed(binding.get(), "network " + name + ": " + e.getMessage()));
            }
        }
    }

    /** Creates the Weft network, or adopts one of the same name and subnet (created earlier or elsewhere). */
    private PluginState.NetworkBinding register(String name, PluginState.NetworkBinding pending) {
        Optional<WeftApi.WeftNetwork> existing = api.network(name);
        if (existing.isPresent() && !existing.get().subnet().equals(pending.subnet())) {
            return failed(pending, "Weft already has a network named " + name + " with subnet "
                    + existing.get().subnet() + ", not " + pending.subnet() + "; remove this one and use that name "
                    + "(docker network ls) or pick another");
        }
        WeftApi.WeftNetwork network = existing.orElseGet(() -> api.createNetwork(name, pending.subnet(),
                pending.gateway()));
        return new PluginState.NetworkBinding(network.name(), pending.subnet(), network.gateway(), false, null);
    }

    private static PluginState.NetworkBinding failed(PluginState.NetworkBinding pending, String why) {
        return new PluginState.NetworkBinding(null, pending.subnet(), pending.gateway(), false, why);
    }
}
