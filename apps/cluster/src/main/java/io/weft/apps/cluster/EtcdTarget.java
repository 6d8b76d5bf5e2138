package io.weft.apps.cluster;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code weft controller --store etcd://HOST:PORT[,HOST:PORT...][/PREFIX]} keeps the topology: the etcd
 * members' client addresses (plain HTTP) and the key prefix ({@code /weft/} by default), so that several topologies
 * can share one etcd.
 */
public record EtcdTarget(List<URI> members, String prefix) {
    private static final String SCHEME = "etcd://";
    public static final String DEFAULT_PREFIX = "/weft/";

    public EtcdTarget {
        members = List.copyOf(members);
    }

    /**
     * The target {@code store} names, or empty for {@code journal} (the embedded store in the data directory).
     * IllegalArgumentException, naming what is wrong, for anything else.
     */
    public static Optional<EtcdTarget> parse(String store) {
        if (store.equals("journal")) {
            return Optional.empty();
        }
        if (!store.startsWith(SCHEME)) {
            throw new IllegalArgumentException("--store '" + store + "' is neither 'journal' nor etcd://HOST:PORT[,...]");
        }
        String rest = store.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 || slash == rest.length() - 1 ? DEFAULT_PREFIX : rest.substring(slash) + "/";
        if (!prefix.matches("/[A-Za-z0-9._/-]*/")) {
            throw new IllegalArgumentException("--store: key prefix '" + prefix + "' may hold only letters, digits and . _ - /");
        }
        List<URI> members = new ArrayList<>();
        for (String hostPort : hosts.split(",", -1)) {
            if (!hostPort.matches("[A-Za-z0-9.-]{1,253}:[0-9]{1,5}") || Integer.parseInt(hostPort.split(":")[1]) > 65535) {
                throw new IllegalArgumentException("--store: etcd member '" + hostPort + "' is not HOST:PORT");
            }
            members.add(URI.create("http://" + hostPort));
        }
        return Optional.of(new EtcdTarget(members, prefix));
    }
}
