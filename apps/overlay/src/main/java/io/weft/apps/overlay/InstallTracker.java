package io.weft.apps.overlay;

import io.weft.topology.Endpoint;
import io.weft.topology.EndpointStatus;
import io.weft.topology.OvsBinding;
import io.weft.topology.Topology;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a bound endpoint is {@code installed}: once every host that must hold its flows has confirmed a change at
 * least as recent as the one that bound it. Which hosts those are is the caller's ({@code hostsNeeded}: the hosts
 * with a bound endpoint in its network, or in another network on its router). Then the host-side mark is written
 * first (what a runtime waits on) and the status second. Used on the overlay worker thread only.
 */
final class InstallTracker {
    private static final Logger LOG = LoggerFactory.getLogger(InstallTracker.class);

    /** @param boundAtNanos when the controller learnt of the binding ({@link System#nanoTime}), for the metrics */
    private record Requirement(OvsBinding binding, long sinceSeq, long boundAtNanos) {
    }

    private final Topology topology;
    private final InstalledMarks marks;
    private final Function<String, Set<String>> hostsNeeded;
    private final OverlayObserver observer;
    /** The change sequence each host's switch has confirmed. */
    private final Map<String, Long> confirmed = new HashMap<>();
    /** Bound endpoints not yet installed, by network then endpoint id: what they wait for. */
    private final Map<String, Map<String, Requirement>> pending = new HashMap<>();

    /** @param hostsNeeded for a network, the hosts whose confirmation its endpoints wait for */
    InstallTracker(Topology topology, InstalledMarks marks, Function<String, Set<String>> hostsNeeded,
                   OverlayObserver observer) {
        this.observer = observer;
        this.topology = topology;
        this.marks = marks;
        this.hostsNeeded = hostsNeeded;
    }

    /**
     * The endpoint as of change {@code seq}: pending until the hosts confirm that change, if it is bound; pending and
     * waiting for nothing if it is not. Asking again for the same binding changes nothing.
     */
    void require(Endpoint e, long seq) {
        Optional<OvsBinding> b = e.binding();
        if (b.isEmpty()) {
            forget(e);
            setStatus(e, EndpointStatus.PENDING);
            return;
        }
        Requirement current = pending.getOrDefault(e.network(), Map.of()).get(e.id());
        if (current != null && current.binding().equals(b.get())) {
            return;
        }
        pending.computeIfAbsent(e.network(), n -> new HashMap<>()).put(e.id(), new Requirement(b.get(), seq, System.nanoTime()));
        setStatus(e, EndpointStatus.PENDING);
        check(Set.of(e.network()));
    }

    /** The endpoint is gone: nothing waits for it any more. */
    void forget(Endpoint e) {
        Map<String, Requirement> inNetwork = pending.get(e.network());
        if (inNetwork != null) {
            inNetwork.remove(e.id());
            if (inNetwork.isEmpty()) {
                pending.remove(e.network());
            }
        }
    }

    /** The host confirmed every change up to {@code seq}; only endpoints of {@code networks} can have waited for it. */
    void confirmed(String host, long seq, Set<String> networks) {
        confirmed.merge(host, seq, Math::max);
        check(networks);
    }

    /** The host's switch is gone or new: what it confirmed before counts no more. */
    void reset(String host) {
        confirmed.remove(host);
    }

    private void check(Set<String> networks) {
        for (String network : List.copyOf(networks)) {
            Map<String, Requirement> waiting = pending.get(network);
            if (waiting == null) {
                continue;
            }
            long oldestConfirmed = hostsNeeded.apply(network).stream()
                    .mapToLong(h -> confirmed.getOrDefault(h, -1L)).min().orElse(-1L);
            for (Iterator<Map.Entry<String, Requirement>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Requirement> entry = it.next();
                if (oldestConfirmed >= entry.getValue().sinceSeq()) {
                    it.remove();
                    installed(entry.getKey(), entry.getValue());
                }
            }
            if (waiting.isEmpty()) {
                pending.remove(network);
            }
        }
    }

    private void installed(String id, Requirement req) {
        Optional<Endpoint> e = topology.endpointById(id);
        if (e.isPresent() && e.get().binding().map(req.binding()::equals).orElse(false)) {
            // The host-side mark first: it is what a container runtime waits on; the status write can follow.
            marks.markInstalled(req.binding().host(), e.get().id());
            setStatus(e.get(), EndpointStatus.INSTALLED);
            observer.endpointInstalled(java.time.Duration.ofNanos(System.nanoTime() - req.boundAtNanos()));
            LOG.info("host={} endpoint {} ({}) installed on every host that needs it", req.binding().host(),
                    e.get().name(), e.get().id());
        }
    }

    private void setStatus(Endpoint e, EndpointStatus status) {
        if (e.status() != status && topology.endpointById(e.id()).isPresent()) {
            topology.setEndpointStatus(e.id(), status);
        }
    }
}
