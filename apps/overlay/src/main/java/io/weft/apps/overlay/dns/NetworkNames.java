package io.weft.apps.overlay.dns;

import io.weft.apps.overlay.hosts.HostsByDatapath;
import io.weft.controller.DatapathId;
import io.weft.topology.Endpoint;
import io.weft.topology.Network;
import io.weft.topology.Router;
import io.weft.topology.TopologySnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The names one topology snapshot answers, indexed once per snapshot: in network N, {@code NAME} is N's endpoint
 * of that name or alias (case-insensitive, as DNS is; several endpoints may share one, each address is answered), and {@code NAME.NET} is endpoint NAME of network NET if NET is N or
 * on N's router. Also finds the endpoint behind a port, which is who asked.
 */
final class NetworkNames {
    private final long version;
    private final Map<String, Map<String, List<Integer>>> byNetwork = new HashMap<>();
    private final Map<String, Map<Integer, Endpoint>> byPort = new HashMap<>();
    private final Map<DatapathId, String> hostByDatapath;
    private final Map<String, Network> networks;
    private final Map<String, Router> routerOf = new HashMap<>();
    /** Networks by their lower-case name: the zone of {@code NAME.NET} (DNS ignores case). */
    private final Map<String, String> networkByZone = new HashMap<>();

    NetworkNames(TopologySnapshot snapshot) {
        this.version = snapshot.version();
        this.networks = snapshot.networks();
        networks.keySet().forEach(n -> networkByZone.putIfAbsent(n.toLowerCase(Locale.ROOT), n));
        for (Endpoint e : snapshot.endpoints().values()) {
            Map<String, List<Integer>> names = byNetwork.computeIfAbsent(e.network(), n -> new HashMap<>());
            names.computeIfAbsent(e.name().toLowerCase(Locale.ROOT), n -> new ArrayList<>(1)).add(e.ip());
            for (String alias : e.aliases()) {
                if (!alias.equals(e.name().toLowerCase(Locale.ROOT))) {
                    names.computeIfAbsent(alias, n -> new ArrayList<>(1)).add(e.ip());
                }
            }
            e.binding().ifPresent(b -> byPort.computeIfAbsent(b.host(), h -> new HashMap<>()).put(b.ofport(), e));
        }
        hostByDatapath = HostsByDatapath.of(snapshot.hosts().values());
        snapshot.routers().values().forEach(r -> r.networks().forEach(n -> routerOf.put(n, r)));
    }

    long version() {
        return version;
    }

    /** The endpoint bound to {@code ofport} of the switch with this datapath id, if any. */
    Optional<Endpoint> endpointAt(DatapathId datapathId, int ofport) {
        String host = hostByDatapath.get(datapathId);
        return host == null ? Optional.empty() : Optional.ofNullable(byPort.getOrDefault(host, Map.of()).get(ofport));
    }

    Optional<Network> network(String name) {
        return Optional.ofNullable(networks.get(name));
    }

    /** What a query from {@code network} for {@code name} means. */
    Lookup lookup(String network, String name) {
        List<Integer> own = byNetwork.getOrDefault(network, Map.of()).get(name);
        if (own != null) {
            return Lookup.found(own);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String zone = name.substring(dot + 1);
            Optional<String> target = Optional.ofNullable(networkByZone.get(zone));
            if (target.isPresent()) {
                if (!reachable(network, target.get())) {
                    return Lookup.REFUSED_ZONE;
                }
                List<Integer> there = byNetwork.getOrDefault(target.get(), Map.of()).get(name.substring(0, dot));
                return there == null ? Lookup.NO_SUCH_NAME : Lookup.found(there);
            }
        }
        return Lookup.ELSEWHERE;
    }

    private boolean reachable(String from, String to) {
        if (from.equals(to)) {
            return true;
        }
        Router router = routerOf.get(from);
        return router != null && router.routes(to);
    }

    /** The result of a lookup: addresses, or which answer to give instead. */
    record Lookup(Kind kind, List<Integer> addresses) {
        enum Kind { FOUND, NO_SUCH_NAME, REFUSED, ELSEWHERE }

        static final Lookup NO_SUCH_NAME = new Lookup(Kind.NO_SUCH_NAME, List.of());
        /** A network the asker cannot reach: its names are not the asker's business. */
        static final Lookup REFUSED_ZONE = new Lookup(Kind.REFUSED, List.of());
        /** Not a name of Weft's: for the upstream resolver. */
        static final Lookup ELSEWHERE = new Lookup(Kind.ELSEWHERE, List.of());

        static Lookup found(List<Integer> addresses) {
            return new Lookup(Kind.FOUND, List.copyOf(addresses));
        }
    }
}
