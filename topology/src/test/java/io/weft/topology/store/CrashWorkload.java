package io.weft.topology.store;

import io.weft.topology.Endpoint;
import io.weft.topology.EndpointRequest;
import io.weft.topology.EndpointStatus;
import io.weft.topology.Host;
import io.weft.topology.Ipv4;
import io.weft.topology.Network;
import io.weft.topology.NetworkRequest;
import io.weft.topology.OvsBinding;
import io.weft.topology.StateStore;
import io.weft.topology.Topology;
import io.weft.topology.TopologyException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/**
 * The process {@link CrashConsistencyTest} kills: several clients writing a random mix of creates, deletes, binds and
 * status writes through {@link Topology} into a real store, each printing what it is about to do (BEGIN) and what
 * was acknowledged (ACK), one line each, so that the test knows exactly what a SIGKILL interrupted.
 *
 * <p>Client {@code k} owns networks {@code ck-n*}, endpoints {@code ck-e*} (in its own networks and the shared ones)
 * and hosts {@code ck-h*}; nobody else touches them, so each client's history is sequential. The shared networks
 * make the clients compete for the same IPAM.
 */
public final class CrashWorkload {
    static final List<String> SHARED_NETWORKS = List.of("shared-0", "shared-1");
    static final String SHARED_HOST = "shared-host";
    private static final int NETWORKS_PER_CLIENT = 5;
    private static final int ENDPOINT_NAMES = 16;
    private static final int HOSTS_PER_CLIENT = 3;

    private final Topology topology;
    private final PrintStream out;
    private final RowCodec codec = new RowCodec();

    private CrashWorkload(Topology topology, PrintStream out) {
        this.topology = topology;
        this.out = out;
    }

    /** Arguments: data directory, store kind, seed, clients. Runs until killed. */
    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        StateStore store = StoreKind.parse(args[1]).open(directory);
        long seed = Long.parseLong(args[2]);
        int clients = Integer.parseInt(args[3]);
        PrintStream out = new PrintStream(System.out, true, "UTF-8");
        CrashWorkload workload = new CrashWorkload(Topology.open(store), out);
        out.println("READY");
        for (int k = 0; k < clients; k++) {
            int client = k;
            Thread thread = new Thread(() -> workload.client(client, new Random(seed * 1_000 + client)), "client-" + k);
            thread.setDaemon(false);
            thread.start();
        }
    }

    private void client(int k, Random random) {
        for (long seq = 0; ; seq++) {
            step(k, seq, random);
        }
    }

    private void step(int k, long seq, Random random) {
        int dice = random.nextInt(100);
        if (dice < 10) {
            createNetwork(k, seq, random);
        } else if (dice < 17) {
            deleteNetwork(k, seq, random);
        } else if (dice < 42) {
            createEndpoint(k, seq, random);
        } else if (dice < 55) {
            deleteEndpoint(k, seq, random);
        } else if (dice < 70) {
            bind(k, seq, random);
        } else if (dice < 75) {
            unbind(k, seq, random);
        } else if (dice < 87) {
            setStatus(k, seq, random);
        } else if (dice < 96) {
            upsertHost(k, seq, random);
        } else {
            removeHost(k, seq, random);
        }
    }

    private void createNetwork(int k, long seq, Random random) {
        int j = random.nextInt(NETWORKS_PER_CLIENT);
        String name = "c" + k + "-n" + j;
        if (topology.network(name).isPresent()) {
            return;
        }
        String subnet = "10." + (100 + k) + "." + j + ".0/24";
        begin(k, seq, StoreTables.NETWORKS, name, "subset", "{\"name\":\"" + name + "\",\"subnet\":\"" + subnet + "\"}");
        Network network = attempt(k, seq, () -> topology.createNetwork(NetworkRequest.of(name, subnet)));
        if (network != null) {
            ack(k, seq, StoreTables.NETWORKS, name, codec.write(NetworkRow.of(network)));
        }
    }

    private void deleteNetwork(int k, long seq, Random random) {
        String name = "c" + k + "-n" + random.nextInt(NETWORKS_PER_CLIENT);
        if (topology.network(name).isEmpty() || !topology.endpoints(name).isEmpty()) {
            return;
        }
        begin(k, seq, StoreTables.NETWORKS, name, "absent", "-");
        if (attempt(k, seq, () -> topology.deleteNetwork(name)) != null) {
            ack(k, seq, StoreTables.NETWORKS, name, "-");
        }
    }

    private void createEndpoint(int k, long seq, Random random) {
        Optional<String> network = anyNetwork(k, random);
        if (network.isEmpty()) {
            return;
        }
        String name = "c" + k + "-e" + random.nextInt(ENDPOINT_NAMES);
        if (topology.endpoint(network.get(), name).isPresent()) {
            return;
        }
        begin(k, seq, StoreTables.ENDPOINTS, "*", "subset", "{\"name\":\"" + name + "\",\"network\":\""
                + network.get() + "\",\"host\":\"" + SHARED_HOST + "\",\"status\":\"pending\"}");
        Endpoint endpoint = attempt(k, seq, () -> topology.createEndpoint(network.get(),
                EndpointRequest.of(name, SHARED_HOST)));
        if (endpoint != null) {
            ack(k, seq, StoreTables.ENDPOINTS, endpoint.id(), codec.write(EndpointRow.of(endpoint)));
        }
    }

    private void deleteEndpoint(int k, long seq, Random random) {
        Optional<Endpoint> endpoint = anyEndpoint(k, random);
        if (endpoint.isEmpty()) {
            return;
        }
        Endpoint e = endpoint.get();
        begin(k, seq, StoreTables.ENDPOINTS, e.id(), "absent", "-");
        if (attempt(k, seq, () -> topology.deleteEndpoint(e.network(), e.name())) != null) {
            ack(k, seq, StoreTables.ENDPOINTS, e.id(), "-");
        }
    }

    private void bind(int k, long seq, Random random) {
        Optional<Endpoint> endpoint = anyEndpoint(k, random);
        if (endpoint.isEmpty()) {
            return;
        }
        Endpoint e = endpoint.get();
        String host = random.nextBoolean() ? SHARED_HOST : "c" + k + "-h" + random.nextInt(HOSTS_PER_CLIENT);
        int ofport = 1 + random.nextInt(60_000);
        updateEndpoint(k, seq, e.withBinding(Optional.of(new OvsBinding(host, ofport))),
                () -> topology.bindEndpoint(e.id(), host, ofport));
    }

    private void unbind(int k, long seq, Random random) {
        Optional<Endpoint> endpoint = anyEndpoint(k, random);
        endpoint.ifPresent(e -> updateEndpoint(k, seq, e.withBinding(Optional.empty()),
                () -> topology.unbindEndpoint(e.id())));
    }

    private void setStatus(int k, long seq, Random random) {
        Optional<Endpoint> endpoint = anyEndpoint(k, random);
        EndpointStatus status = EndpointStatus.values()[random.nextInt(EndpointStatus.values().length)];
        endpoint.ifPresent(e -> updateEndpoint(k, seq, e.withStatus(status),
                () -> topology.setEndpointStatus(e.id(), status)));
    }

    private void updateEndpoint(int k, long seq, Endpoint expected, java.util.function.Supplier<Endpoint> write) {
        begin(k, seq, StoreTables.ENDPOINTS, expected.id(), "exact", codec.write(EndpointRow.of(expected)));
        Endpoint written = attempt(k, seq, write);
        if (written != null) {
            ack(k, seq, StoreTables.ENDPOINTS, written.id(), codec.write(EndpointRow.of(written)));
        }
    }

    private void upsertHost(int k, long seq, Random random) {
        String name = "c" + k + "-h" + random.nextInt(HOSTS_PER_CLIENT);
        Host host = Host.named(name)
                .withTunnelIp(random.nextBoolean() ? OptionalInt.empty()
                        : OptionalInt.of(Ipv4.parse("198.18." + k + "." + (1 + random.nextInt(250)))))
                .withDatapathId(random.nextBoolean() ? Optional.empty()
                        : Optional.of(String.format("%016x", random.nextInt(1 << 20))))
                .withNotReadyReason(random.nextInt(4) == 0 ? Optional.of("reason " + random.nextInt(9))
                        : Optional.empty());
        begin(k, seq, StoreTables.HOSTS, name, "exact", codec.write(HostRow.of(host)));
        Host written = attempt(k, seq, () -> topology.upsertHost(host));
        if (written != null) {
            ack(k, seq, StoreTables.HOSTS, name, codec.write(HostRow.of(written)));
        }
    }

    private void removeHost(int k, long seq, Random random) {
        String name = "c" + k + "-h" + random.nextInt(HOSTS_PER_CLIENT);
        if (topology.host(name).isEmpty()) {
            return;
        }
        begin(k, seq, StoreTables.HOSTS, name, "absent", "-");
        if (attempt(k, seq, () -> topology.removeHost(name)) != null) {
            ack(k, seq, StoreTables.HOSTS, name, "-");
        }
    }

    private Optional<String> anyNetwork(int k, Random random) {
        List<String> candidates = topology.networks().stream().map(Network::name)
                .filter(n -> n.startsWith("c" + k + "-") || SHARED_NETWORKS.contains(n)).toList();
        return candidates.isEmpty() ? Optional.empty()
                : Optional.of(candidates.get(random.nextInt(candidates.size())));
    }

    private Optional<Endpoint> anyEndpoint(int k, Random random) {
        List<Endpoint> mine = topology.snapshot().endpoints().values().stream()
                .filter(e -> e.name().startsWith("c" + k + "-"))
                .sorted(java.util.Comparator.comparing(Endpoint::id)).toList();
        return mine.isEmpty() ? Optional.empty() : Optional.of(mine.get(random.nextInt(mine.size())));
    }

    private <T> T attempt(int k, long seq, java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (TopologyException e) {
            out.println("FAIL\t" + k + "\t" + seq + "\t" + e.getMessage());
            return null;
        }
    }

    private void begin(int k, long seq, String table, String key, String mode, String expected) {
        out.println("BEGIN\t" + k + "\t" + seq + "\t" + table + "\t" + key + "\t" + mode + "\t" + expected);
    }

    private void ack(int k, long seq, String table, String key, String row) {
        out.println("ACK\t" + k + "\t" + seq + "\t" + table + "\t" + key + "\t" + row);
    }
}
