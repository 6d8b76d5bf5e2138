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

    /** Admits every switch. */
    public SwitchRegistry() {
        this(SwitchAdmission.ANY);
    }

    public SwitchRegistry(SwitchAdmission admission) {
        this.admission = Objects.requireNonNull(admission, "admission");
    }

    public void addListener(SwitchListener listener) {
        listeners.add(listener);
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
        for (SwitchListener l : listeners) {
            try {
                l.switchConnected(sw);
            } catch (RuntimeException e) {
                LOG.error("dpid={} listener {} failed on connect", sw.datapathId(), l, e);
            }
        }
    }

    /** Called by a session when it closes; ignored if that session was already replaced. */
    public void deactivated(SwitchHandle sw) {
        if (switches.remove(sw.datapathId(), sw)) {
            LOG.info("dpid={} disconnected ({})", sw.datapathId(), sw.remoteAddress());
            notifyDisconnected(sw);
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
