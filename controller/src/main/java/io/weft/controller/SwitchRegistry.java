package io.weft.controller;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connected switches by datapath id. A datapath that connects again while its old session is
 * still registered (the old TCP connection is half-dead) replaces it: the old session is closed and
 * reported disconnected, then the new one is reported connected. Which sessions may stand for a
 * datapath at all is the {@link SwitchAdmission}'s decision.
 */
public final class SwitchRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchRegistry.class);

    private final Map<DatapathId, SwitchHandle> switches = new ConcurrentHashMap<>();
    private final List<SwitchListener> listeners = new CopyOnWriteArrayList<>();
    private final SwitchAdmission admission;
    /** Held while the set of switches or of listeners changes and its listeners are told (they do not block). */
    private final Object membership = new Object();
    /** The role claimed on every session, present and future; EQUAL (OpenFlow's default) until one is claimed. */
    private volatile RoleClaim claim = new RoleClaim(ControllerRole.EQUAL, 0);

    private record RoleClaim(ControllerRole role, long generationId) {
    }

    /** Admits every switch. */
    public SwitchRegistry() {
        this(SwitchAdmission.ANY);
    }

    public SwitchRegistry(SwitchAdmission admission) {
        this.admission = Objects.requireNonNull(admission, "admission");
    }

    /**
     * Adds a listener and tells it at once of every switch already connected, as if each had just connected:
     * a listener added late (a standby that became the leader) sees the same sequence as one added before the
     * first switch. Connects and disconnects are serialized with it, so none is missed or told twice.
     */
    public void addListener(SwitchListener listener) {
        synchronized (membership) {
            listeners.add(listener);
            for (SwitchHandle sw : switches.values()) {
                try {
                    listener.switchConnected(sw);
                } catch (RuntimeException e) {
                    LOG.error("dpid={} listener {} failed on connect", sw.datapathId(), listener, e);
                }
            }
        }
    }

    public void removeListener(SwitchListener listener) {
        listeners.remove(listener);
    }

    public Optional<SwitchHandle> get(DatapathId dpid) {
        return Optional.ofNullable(switches.get(dpid));
    }

    public Collection<SwitchHandle> all() {
        return List.copyOf(switches.values());
    }

    /** Called by a session once its handshake is complete. */
    public void activated(SwitchHandle sw) {
        synchronized (membership) {
            activate(sw);
        }
    }

    private void activate(SwitchHandle sw) {
        Optional<String> refusal = admission.refusal(sw, Optional.ofNullable(switches.get(sw.datapathId())));
        if (refusal.isPresent()) {
            LOG.warn("dpid={} session from {} refused: {}", sw.datapathId(), sw.remoteAddress(), refusal.get());
            sw.disconnect();
            return;
        }
        SwitchHandle old = switches.put(sw.datapathId(), sw);
        if (old != null && old != sw) {
            LOG.info("dpid={} new session from {} replaces the one from {}", sw.datapathId(), sw.remoteAddress(),
                    old.remoteAddress());
            old.disconnect();
            notifyDisconnected(old);
        }
        LOG.info("dpid={} connected from {} speaking {} with {} ports", sw.datapathId(), sw.remoteAddress(),
                sw.version().ovsName(), sw.ports().size());
        RoleClaim c = claim;
        if (c.role() != ControllerRole.EQUAL) {
            send(sw, c); // before any listener can send a flow-mod on this session
        }
        for (SwitchListener l : listeners) {
            try {
                l.switchConnected(sw);
            } catch (RuntimeException e) {
                LOG.error("dpid={} listener {} failed on connect", sw.datapathId(), l, e);
            }
        }
    }

    /**
     * Claims {@code role} under {@code generationId} on every connected switch now and on every session from now on,
     * before its listeners hear of it (so nothing they send goes out under another role). A switch that refuses the
     * claim is reported to the listeners ({@link SwitchListener#roleRefused}). Completes when every switch connected
     * now has answered, successfully or not.
     */
    public java.util.concurrent.CompletableFuture<Void> claimRole(ControllerRole role, long generationId) {
        RoleClaim c = new RoleClaim(role, generationId);
        claim = c;
        return java.util.concurrent.CompletableFuture.allOf(all().stream().map(sw -> send(sw, c))
                .toArray(java.util.concurrent.CompletableFuture[]::new));
    }

    private java.util.concurrent.CompletableFuture<Void> send(SwitchHandle sw, RoleClaim c) {
        return sw.requestRole(c.role(), c.generationId()).handle((ok, error) -> {
            if (error == null) {
                LOG.info("dpid={} role {} (generation {})", sw.datapathId(), c.role(), c.generationId());
                return null;
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            if (cause instanceof SwitchDisconnectedException) {
                return null;
            }
            LOG.warn("dpid={} refused role {} (generation {}): {}", sw.datapathId(), c.role(), c.generationId(),
                    cause.toString());
            for (SwitchListener l : listeners) {
                try {
                    l.roleRefused(sw, c.role(), cause);
                } catch (RuntimeException e) {
                    LOG.error("dpid={} listener {} failed on a role refusal", sw.datapathId(), l, e);
                }
            }
            return null;
        });
    }

    /**
     * Asks the admission again about every connected session and closes those it now refuses (the switch
     * reconnects and is asked then): for a controller whose admission had less to go on when they connected (a
     * standby that has just loaded the topology as leader).
     */
    public void readmit() {
        for (SwitchHandle sw : all()) {
            Optional<String> refusal = admission.refusal(sw, Optional.empty());
            if (refusal.isPresent()) {
                LOG.warn("dpid={} session from {} no longer admitted: {}", sw.datapathId(), sw.remoteAddress(),
                        refusal.get());
                sw.disconnect();
            }
        }
    }

    /** Called by a session when it closes; ignored if that session was already replaced. */
    public void deactivated(SwitchHandle sw) {
        synchronized (membership) {
            if (switches.remove(sw.datapathId(), sw)) {
                LOG.info("dpid={} disconnected ({})", sw.datapathId(), sw.remoteAddress());
                notifyDisconnected(sw);
            }
        }
    }

    /** Called by a session when the switch reports a port change. */
    public void portChanged(SwitchHandle sw, SwitchPort port, SwitchListener.PortChange change) {
        LOG.info("dpid={} port {} ({}) {}", sw.datapathId(), port.number(), port.name(), change);
        for (SwitchListener l : listeners) {
            try {
                l.portChanged(sw, port, change);
            } catch (RuntimeException e) {
                LOG.error("dpid={} listener {} failed on port change", sw.datapathId(), l, e);
            }
        }
    }

    /** Called by a session for each packet-in. */
    public void packetReceived(SwitchHandle sw, io.weft.controller.flow.ReceivedPacket packet) {
        for (SwitchListener l : listeners) {
            try {
                l.packetReceived(sw, packet);
            } catch (RuntimeException e) {
                LOG.error("dpid={} listener {} failed on a packet-in", sw.datapathId(), l, e);
            }
        }
    }

    private void notifyDisconnected(SwitchHandle sw) {
        for (SwitchListener l : listeners) {
            try {
                l.switchDisconnected(sw);
            } catch (RuntimeException e) {
                LOG.error("dpid={} listener {} failed on disconnect", sw.datapathId(), l, e);
            }
        }
    }
}
