package io.weft.apps.overlay.hosts;

import io.weft.controller.DatapathId;
import io.weft.topology.Host;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which host a switch belongs to: the host that declared the switch's datapath id over OVSDB. In plaintext mode
 * Weft believes what hosts say, so two hosts may claim one datapath id: the first by name keeps it, everywhere the
 * question is asked (the overlay, the tunnel probes, DNS), instead of each answering its own way.
 */
public final class HostsByDatapath {
    private HostsByDatapath() {
    }

    /** The index of {@code hosts} that have declared a datapath id. */
    public static Map<DatapathId, String> of(Collection<Host> hosts) {
        Map<DatapathId, String> index = new HashMap<>();
        hosts.stream().sorted(Comparator.comparing(Host::name))
                .forEach(h -> datapathOf(h).ifPresent(d -> index.putIfAbsent(d, h.name())));
        return index;
    }

    /** The host of one switch, without building the index (for rare questions: a switch connecting). */
    public static Optional<String> find(Collection<Host> hosts, DatapathId datapath) {
        return hosts.stream().filter(h -> datapathOf(h).map(datapath::equals).orElse(false)).map(Host::name)
                .min(Comparator.naturalOrder());
    }

    /** The datapath id a host declared, if any (the topology keeps only well-formed ones). */
    private static Optional<DatapathId> datapathOf(Host host) {
        return host.datapathId().map(DatapathId::parse);
    }
}
