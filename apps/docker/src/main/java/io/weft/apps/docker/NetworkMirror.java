package io.weft.apps.docker;

import io.weft.apps.cli.CliFailure;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this host's Docker list the controller's networks, as Docker's overlay driver does with its key-value
 * store: every Weft network missing here is created in the local dockerd (driver and IPAM {@code weft}, marked as a
 * mirror) unless it is being deleted, and every local weft network whose Weft network is gone is removed. The controller is the source of
 * truth; a network Docker cannot remove yet (containers still attached) is retried on the next pass.
 */
final class NetworkMirror {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkMirror.class);

    private final DockerEngine docker;
    private final WeftApi api;
    private final PluginState state;
    /** What was last logged per network, so a lasting problem is logged once, not every pass. */
    private final Map<String, String> reported = new HashMap<>();
    private String lastFailure = "";
    /** When a bound Docker network was first seen missing from the local list, by Docker network id. */
    private final Map<String, Long> vanishedSince = new HashMap<>();
    private static final java.time.Duration VANISHED_GRACE = java.time.Duration.ofSeconds(10);

    NetworkMirror(DockerEngine docker, WeftApi api, PluginState state) {
        this.docker = Objects.requireNonNull(docker, "docker");
        this.api = Objects.requireNonNull(api, "api");
        this.state = Objects.requireNonNull(state, "state");
    }

    /** One pass; any failure is logged and left for the next pass. */
    void syncOnce() {
        try {
            List<WeftApi.WeftNetwork> weft = api.networks();
            List<DockerEngine.DockerNetwork> local = docker.weftNetworks();
            createMissing(weft, local);
            removeDeleted(weft, local);
            if (!lastFailure.isEmpty()) {
                LOG.info("network sync works again");
                lastFailure = "";
            }
        } catch (CliFailure | IOException e) {
            if (!e.getMessage().equals(lastFailure)) {
                LOG.warn("network sync: {}", e.getMessage());
                lastFailure = e.getMessage();
            }
        }
    }

    private void createMissing(List<WeftApi.WeftNetwork> weft, List<DockerEngine.DockerNetwork> local) {
        Set<String> localNames = new HashSet<>();
        local.forEach(n -> localNames.add(n.name()));
        Set<String> beingRemoved = beingRemovedHere(local);
        for (WeftApi.WeftNetwork network : weft) {
            if (localNames.contains(network.name()) || network.deleting() || beingRemoved.contains(network.name())) {
                continue; // a network being deleted is not brought back to a host that already removed it
            }
            try {
                docker.createMirror(network.name(), network.subnet(), network.gateway());
                LOG.info("network {} ({}) added to this host's Docker", network.name(), network.subnet());
                reported.remove(network.name());
            } catch (IOException e) {
                reportOnce(network.name(), "cannot add network " + network.name() + " to this host's Docker: "
                        + e.getMessage());
            }
        }
    }

    /**
     * Weft networks this host's Docker had and no longer lists, although it has not called DeleteNetwork yet:
     * {@code docker network rm} hides the network from the list before it asks the driver, so for a moment the
     * network looks missing while Weft does not know it is being removed. Bringing it back then would undo the
     * user's command. If Docker never calls (it crashed), the binding is dropped after {@link #VANISHED_GRACE} and
     * the network mirrored again.
     */
    private Set<String> beingRemovedHere(List<DockerEngine.DockerNetwork> local) {
        Set<String> localIds = new HashSet<>();
        local.forEach(n -> localIds.add(n.id()));
        Set<String> names = new HashSet<>();
        long now = System.nanoTime();
        state.networks().forEach((dockerId, binding) -> {
            if (!binding.resolved() || localIds.contains(dockerId)) {
                vanishedSince.remove(dockerId);
                return;
            }
            long since = vanishedSince.computeIfAbsent(dockerId, id -> now);
            if (now - since < VANISHED_GRACE.toNanos()) {
                names.add(binding.weftNetwork());
            } else {
                LOG.info("network {} vanished from this host's Docker without DeleteNetwork; mirroring it again",
                        binding.weftNetwork());
                state.removeNetwork(dockerId);
                vanishedSince.remove(dockerId);
            }
        });
        vanishedSince.keySet().retainAll(state.networks().keySet());
        return names;
    }

    private void removeDeleted(List<WeftApi.WeftNetwork> weft, List<DockerEngine.DockerNetwork> local) {
        Set<String> weftNames = new HashSet<>();
        weft.forEach(n -> weftNames.add(n.name()));
        for (DockerEngine.DockerNetwork network : local) {
            // Only networks that had a Weft network: one still being named, or one that failed to register,
            // is the user's to remove.
            String weftName = state.network(network.id()).filter(PluginState.NetworkBinding::resolved)
                    .map(PluginState.NetworkBinding::weftNetwork).orElse(null);
            if (weftName == null || weftNames.contains(weftName)) {
                continue;
            }
            try {
                docker.removeNetwork(network.id());
                LOG.info("network {} was deleted in Weft; removed it from this host's Docker", network.name());
                reported.remove(network.name());
            } catch (IOException e) {
                reportOnce(network.name(), "network " + network.name() + " was deleted in Weft but stays in this "
                        + "host's Docker until its containers leave: " + e.getMessage());
            }
        }
    }

    private void reportOnce(String network, String message) {
        if (!message.equals(reported.put(network, message))) {
            LOG.warn(message);
        }
    }
}
