package io.weft.apps.overlay;

import io.weft.topology.Endpoint;
import io.weft.topology.TopologyEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one batch of topology events did, applied to the {@link OverlayModel} event by event: the networks
 * whose parts must be recomputed on all their hosts or on some hosts only, and for each network where only
 * endpoints changed, each changed endpoint's location before the batch and the network's hosts before it, so
 * that the hosts a change merely adds or removes member flows on can be patched instead of recomputed.
 */
final class BatchChanges {
    private final OverlayModel model;
    private final Set<String> everywhere = new LinkedHashSet<>();
    private final Map<String, Set<String>> onSomeHosts = new LinkedHashMap<>();
    /** By network: each changed endpoint's location before its first change in the batch (null: absent). */
    private final Map<String, Map<String, Located>> locatedBefore = new HashMap<>();
    private final Map<String, Set<String>> hostsBefore = new HashMap<>();
    /** Networks a network or host event touched: their parts are recomputed in full. */
    private final Set<String> structural = new HashSet<>();
    /** Routers whose parts may have changed: the routers of touched networks, and routers changed themselves. */
    private final Set<String> routers = new LinkedHashSet<>();
    /** Routers that changed themselves, or whose network changed beyond its endpoints: recomputed in full. */
    private final Set<String> structuralRouters = new HashSet<>();

    BatchChanges(OverlayModel model) {
        this.model = model;
    }

    /** Applies one event to the model, noting first what it is about to change. */
    void apply(TopologyEvent event) {
        Endpoint changed = endpointOf(event);
        if (changed != null) {
            hostsBefore.computeIfAbsent(changed.network(), model::hostsIn);
            // Only its first change in the batch says where it was before: an endpoint added in this batch was
            // nowhere (null), and a later change must not take that for "not recorded yet" (as putIfAbsent would).
            Map<String, Located> before = locatedBefore.computeIfAbsent(changed.network(), n -> new HashMap<>());
            if (!before.containsKey(changed.id())) {
                before.put(changed.id(), model.located(changed.id()));
            }
        }
        if (event instanceof TopologyEvent.RouterUpdated e) {
            routers.add(e.router().name());
            structuralRouters.add(e.router().name());
        } else if (event instanceof TopologyEvent.RouterRemoved e) {
            routers.add(e.router().name());
            structuralRouters.add(e.router().name());
        }
        for (OverlayModel.Touched t : model.apply(event)) {
            if (changed == null) {
                structural.add(t.network());
            }
            model.routerOf(t.network()).ifPresent(r -> {
                routers.add(r.name());
                if (changed == null) {
                    structuralRouters.add(r.name());
                }
            });
            if (t.onlyHost().isEmpty()) {
                everywhere.add(t.network());
            } else {
                onSomeHosts.computeIfAbsent(t.network(), n -> new HashSet<>()).add(t.onlyHost().get());
            }
        }
    }

    /** Networks whose endpoints, hosts or settings this batch changed (their parts' inputs are out of date). */
    Set<String> touchedNetworks() {
        Set<String> out = new HashSet<>(everywhere);
        out.addAll(onSomeHosts.keySet());
        return out;
    }

    /** Networks whose part may have changed on any of their hosts. */
    Set<String> everywhere() {
        return everywhere;
    }

    /** Networks whose part changed only on the given hosts (and on no others), excluding {@link #everywhere}. */
    Map<String, Set<String>> onSomeHostsOnly() {
        Map<String, Set<String>> out = new LinkedHashMap<>(onSomeHosts);
        out.keySet().removeAll(everywhere);
        return out;
    }

    /**
     * If only endpoints of {@code network} changed and its set of hosts stayed the same, each changed endpoint
     * before and after the batch; empty if its parts must be recomputed in full.
     */
    Optional<List<OverlayModel.MemberChange>> memberChangesOnly(String network) {
        Map<String, Located> before = locatedBefore.get(network);
        if (before == null || structural.contains(network) || !model.hostsIn(network).equals(hostsBefore.get(network))) {
            return Optional.empty();
        }
        List<OverlayModel.MemberChange> changes = new ArrayList<>();
        before.forEach((id, was) -> changes.add(new OverlayModel.MemberChange(was, model.located(id))));
        return Optional.of(changes);
    }

    /** Routers whose parts may have changed, by name. */
    Set<String> routers() {
        return routers;
    }

    /**
     * If only endpoints of the router's networks changed (each network's hosts staying the same), each changed
     * endpoint before and after the batch, by network; empty if the router's parts must be recomputed in full.
     */
    Optional<Map<String, List<OverlayModel.MemberChange>>> routeChangesOnly(String router) {
        if (structuralRouters.contains(router)) {
            return Optional.empty();
        }
        Map<String, List<OverlayModel.MemberChange>> out = new HashMap<>();
        for (String network : model.router(router).map(io.weft.topology.Router::networks).orElse(List.of())) {
            if (!locatedBefore.containsKey(network)) {
                continue;
            }
            Optional<List<OverlayModel.MemberChange>> changes = memberChangesOnly(network);
            if (changes.isEmpty()) {
                return Optional.empty();
            }
            out.put(network, changes.get());
        }
        return Optional.of(out);
    }

    private static Endpoint endpointOf(TopologyEvent event) {
        if (event instanceof TopologyEvent.EndpointAdded e) {
            return e.endpoint();
        } else if (event instanceof TopologyEvent.EndpointBound e) {
            return e.endpoint();
        } else if (event instanceof TopologyEvent.EndpointUnbound e) {
            return e.endpoint();
        } else if (event instanceof TopologyEvent.EndpointRemoved e) {
            return e.endpoint();
        }
        return null;
    }
}
