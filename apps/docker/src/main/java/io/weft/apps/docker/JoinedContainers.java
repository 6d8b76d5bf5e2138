package io.weft.apps.docker;

import io.weft.apps.cli.LocalCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the plugin keeps doing for a container after Join, in the background (dockerd waits on the plugin during
 * Join, and Docker tells a driver neither the container's name nor its process):
 * <ul>
 *   <li>its name and hostname become its Weft endpoint's DNS aliases, so that containers on other hosts resolve
 *       them at the network's gateway ({@code ping test2} with no {@code --add-host}). Once Join has returned,
 *       Docker lists the container on the network with its endpoint id; the plugin reads both from there, and
 *       gives up after {@link #PATIENCE}: a container that never starts needs no name;</li>
 *   <li>its routes to the other networks on its network's router follow the router: its default route is
 *       Docker's gateway bridge, so a network attached or detached after it started would otherwise not be
 *       reached, or stay routed. Each sync pass compares and fixes them inside the container's namespace.</li>
 * </ul>
 */
final class JoinedContainers {
    private static final Logger LOG = LoggerFactory.getLogger(JoinedContainers.class);
    static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    /** A joined container whose routes the plugin keeps; {@code routed} is what its namespace holds. */
    private record Tracked(String weftNetwork, String gateway, String containerId, Set<String> routed) {
    }

    private final DockerEngine docker;
    private final WeftApi api;
    private final LocalCommands commands;
    private final ScheduledExecutorService background;
    /** By Docker endpoint id. */
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

    JoinedContainers(DockerEngine docker, WeftApi api, LocalCommands commands, ScheduledExecutorService background) {
        this.docker = Objects.requireNonNull(docker, "docker");
        this.api = Objects.requireNonNull(api, "api");
        this.commands = Objects.requireNonNull(commands, "commands");
        this.background = Objects.requireNonNull(background, "background");
    }

    /** After Join: {@code routed} are the subnets Join routed through {@code gateway}. */
    void joined(String dockerNetwork, String dockerEndpoint, String weftNetwork, String weftEndpoint, String gateway,
                List<String> routed) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Runnable attempt = new Runnable() {
            @Override
            public void run() {
                if (learn(dockerNetwork, dockerEndpoint, weftNetwork, weftEndpoint, gateway, routed)) {
                    return;
                }
                if (System.nanoTime() < deadline) {
                    background.schedule(this, POLL.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    LOG.warn("endpoint {} of {}: Docker never listed its container; it has no DNS name but its own",
                            weftEndpoint, weftNetwork);
                }
            }
        };
        background.schedule(attempt, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** After Leave: the container's routes are no longer the plugin's to keep. */
    void left(String dockerEndpoint) {
        tracked.remove(dockerEndpoint);
    }

    private boolean learn(String dockerNetwork, String dockerEndpoint, String weftNetwork, String weftEndpoint,
                          String gateway, List<String> routed) {
        try {
            Optional<DockerEngine.AttachedContainer> container = docker.containerOn(dockerNetwork, dockerEndpoint);
            if (container.isEmpty()) {
                return false;
            }
            List<String> aliases = new ArrayList<>();
            aliases.add(container.get().name());
            docker.hostnameOf(container.get().id()).filter(h -> !h.equals(container.get().name()))
                    .ifPresent(aliases::add);
            api.setAliases(weftNetwork, weftEndpoint, aliases);
            LOG.info("endpoint {} of {} answers DNS as {}", weftEndpoint, weftNetwork, aliases);
            tracked.put(dockerEndpoint, new Tracked(weftNetwork, gateway, container.get().id(), new HashSet<>(routed)));
            return true;
        } catch (Exception e) {
            LOG.debug("endpoint {} of {}: container not read yet: {}", weftEndpoint, weftNetwork, e.toString());
            return false;
        }
    }

    /** One pass over the tracked containers: each gets the routes its network's router has now. */
    void syncRoutes() {
        if (tracked.isEmpty()) {
            return;
        }
        Map<String, List<String>> wanted;
        try {
            wanted = api.routedSubnets();
        } catch (RuntimeException e) { // the controller is unreachable: next pass
            LOG.debug("routes: {}", e.toString());
            return;
        }
        tracked.forEach((endpoint, t) -> {
            try {
                Set<String> now = new HashSet<>(wanted.getOrDefault(t.weftNetwork(), List.of()));
                if (!now.equals(t.routed())) {
                    reroute(endpoint, t, now);
                }
            } catch (java.io.IOException | RuntimeException e) { // Docker or ip: next pass
                LOG.debug("routes of endpoint {}: {}", endpoint, e.toString());
            }
        });
    }

    private void reroute(String endpoint, Tracked t, Set<String> now) throws java.io.IOException {
        Optional<Integer> pid = docker.pidOf(t.containerId());
        if (pid.isEmpty()) {
            tracked.remove(endpoint); // the container stopped: Leave follows, or it restarts and joins again
            return;
        }
        String netns = "--net=/proc/" + pid.get() + "/ns/net";
        for (String subnet : now) {
            if (!t.routed().contains(subnet)) {
                commands.run(List.of("nsenter", netns, "ip", "route", "replace", subnet, "via", t.gateway()));
                LOG.info("container {}: {} routed through {} (router change)", t.containerId(), subnet, t.gateway());
            }
        }
        for (String subnet : Set.copyOf(t.routed())) {
            if (!now.contains(subnet)) {
                commands.probe(List.of("nsenter", netns, "ip", "route", "del", subnet, "via", t.gateway()));
                LOG.info("container {}: route to {} removed (router change)", t.containerId(), subnet);
            }
        }
        t.routed().clear();
        t.routed().addAll(now);
    }
}
