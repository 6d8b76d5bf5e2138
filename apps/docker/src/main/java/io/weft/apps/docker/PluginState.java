package io.weft.apps.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What this host's plugin knows that Docker will not tell it again: which Docker network stands for which Weft
 * network, which Docker endpoint is which Weft endpoint, the pools Docker holds and the addresses reserved for
 * endpoints not yet created. Docker does not resend CreateNetwork after a plugin or dockerd restart, so every change
 * is written to {@code state.json} (write, fsync, rename) before the call that made it returns.
 */
final class PluginState {
    /**
     * A Docker network of this host. {@code weftNetwork} is null while the plugin is still learning the name the
     * user gave it (CreateNetwork does not carry it); {@code failure} says why it has no Weft network, if so.
     */
    record NetworkBinding(String weftNetwork, String subnet, String gateway, boolean mirror, String failure) {
        boolean resolved() {
            return weftNetwork != null;
        }
    }

    /** A Docker endpoint and the Weft endpoint behind it. */
    record EndpointBinding(String dockerNetwork, String weftNetwork, String weftEndpoint, String weftId, String ip,
                           String mac, String gateway, String hostInterface) {
    }

    /** A pool Docker holds: the subnet, and the Weft network when the pool was made for a mirror. */
    record Pool(String subnet, String weftNetwork) {
    }

    /** The file's content. */
    record Content(Map<String, NetworkBinding> networks, Map<String, EndpointBinding> endpoints,
                   Map<String, Pool> pools, Map<String, String> reservations) {
        static Content empty() {
            return new Content(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(),
                    new LinkedHashMap<>());
        }
    }

    private final Path file;
    private final ObjectMapper json;
    private final Content content;

    private PluginState(Path file, ObjectMapper json, Content content) {
        this.file = file;
        this.json = json;
        this.content = content;
    }

    /** Loads {@code dir/state.json}, or starts empty if there is none. */
    static PluginState open(Path dir, ObjectMapper json) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("state.json");
        Content content = Content.empty();
        if (Files.exists(file)) {
            Content read = json.readValue(file.toFile(), Content.class);
            content = new Content(copy(read.networks()), copy(read.endpoints()), copy(read.pools()),
                    copy(read.reservations()));
        }
        return new PluginState(file, json, content);
    }

    private static <V> Map<String, V> copy(Map<String, V> map) {
        return map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
    }

    // ---- networks

    synchronized Optional<NetworkBinding> network(String dockerId) {
        return Optional.ofNullable(content.networks().get(dockerId));
    }

    synchronized Map<String, NetworkBinding> networks() {
        return Map.copyOf(content.networks());
    }

    synchronized void putNetwork(String dockerId, NetworkBinding binding) {
        content.networks().put(dockerId, binding);
        save();
        notifyAll();
    }

    synchronized void removeNetwork(String dockerId) {
        if (content.networks().remove(dockerId) != null) {
            save();
        }
        notifyAll();
    }

    /**
     * Waits until the Docker network has a Weft network or a failure; empty if Docker never told this plugin about
     * it, or it is still unresolved at the deadline.
     */
    synchronized Optional<NetworkBinding> awaitResolved(String dockerId, Duration timeout) {
        return await(() -> network(dockerId).filter(b -> b.resolved() || b.failure() != null), timeout);
    }

    /** Waits for a resolved network that matches, as {@link #awaitResolved}. */
    synchronized Optional<NetworkBinding> awaitNetwork(Predicate<NetworkBinding> matching, Duration timeout) {
        return await(() -> content.networks().values().stream()
                .filter(b -> (b.resolved() || b.failure() != null) && matching.test(b)).findFirst(), timeout);
    }

    private <T> Optional<T> await(java.util.function.Supplier<Optional<T>> probe, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<T> found = probe.get();
        while (found.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            found = probe.get();
        }
        return found;
    }

    // ---- endpoints

    synchronized Optional<EndpointBinding> endpoint(String dockerId) {
        return Optional.ofNullable(content.endpoints().get(dockerId));
    }

    synchronized void putEndpoint(String dockerId, EndpointBinding binding) {
        content.endpoints().put(dockerId, binding);
        content.reservations().remove(reservationKey(binding.weftNetwork(), binding.ip()));
        save();
    }

    synchronized void removeEndpoint(String dockerId) {
        if (content.endpoints().remove(dockerId) != null) {
            save();
        }
    }

    // ---- IPAM

    synchronized Optional<Pool> pool(String poolId) {
        return Optional.ofNullable(content.pools().get(poolId));
    }

    /** Holds a pool; false if this host already holds one with the same ID. */
    synchronized boolean holdPool(String poolId, Pool pool) {
        if (content.pools().containsKey(poolId)) {
            return false;
        }
        content.pools().put(poolId, pool);
        save();
        return true;
    }

    synchronized void releasePool(String poolId) {
        if (content.pools().remove(poolId) != null) {
            save();
        }
    }

    /** The Weft endpoint that RequestAddress created to hold {@code ip}, not yet claimed by CreateEndpoint. */
    synchronized Optional<String> reservation(String weftNetwork, String ip) {
        return Optional.ofNullable(content.reservations().get(reservationKey(weftNetwork, ip)));
    }

    synchronized void putReservation(String weftNetwork, String ip, String weftEndpoint) {
        content.reservations().put(reservationKey(weftNetwork, ip), weftEndpoint);
        save();
    }

    synchronized void removeReservation(String weftNetwork, String ip) {
        if (content.reservations().remove(reservationKey(weftNetwork, ip)) != null) {
            save();
        }
    }

    private static String reservationKey(String weftNetwork, String ip) {
        return weftNetwork + " " + ip;
    }

    private void save() {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(temp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(content));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    Path file() {
        return file;
    }
}
