package io.weft.apps.overlay.hosts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Weft's own part of a port's way to ready, timed: from the moment a port is first seen bound (its OpenFlow port
 * status or its ofport in OVSDB, whichever comes first) to the moment its host confirmed the {@code weft-installed}
 * mark, which Weft writes only after every host that needs the port's flows confirmed them. What is left of a
 * runtime's wait is ovs-vswitchd's (adding the port, committing the mark). One line per port, for operators and
 * for the benchmarks, which read it from the log ({@link #LOG_PREFIX}).
 *
 * <p>A port seen but never marked (its endpoint does not exist, say) is held until it is unbound; at most
 * {@link #MAX_PENDING} are held, so a host reporting ports without end cannot grow this without bound: beyond it
 * new ports are simply not timed.
 */
public final class PortReadiness {
    /** What each line starts with, followed by {@code iface-id=ID ms=MILLIS}. */
    public static final String LOG_PREFIX = "port ready:";
    static final int MAX_PENDING = 65_536;
    private static final Logger LOG = LoggerFactory.getLogger(PortReadiness.class);

    private final LongSupplier nanoClock;
    private final Map<String, Long> seenAt = new ConcurrentHashMap<>();

    public PortReadiness() {
        this(System::nanoTime);
    }

    PortReadiness(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The port of {@code ifaceId} is bound; only its first sighting counts. */
    void seen(String ifaceId) {
        if (seenAt.size() < MAX_PENDING) {
            seenAt.putIfAbsent(ifaceId, nanoClock.getAsLong());
        }
    }

    /** Its port is gone before it was marked: nothing to time. */
    void forget(String ifaceId) {
        seenAt.remove(ifaceId);
    }

    /** Its host confirmed the mark; returns the time since the port was seen, in ns, or -1 if it was not timed. */
    public long marked(String ifaceId) {
        Long since = seenAt.remove(ifaceId);
        if (since == null) {
            return -1; // marked again (after a restart, say) or seen while the table was full
        }
        long took = nanoClock.getAsLong() - since;
        LOG.info("{} iface-id={} ms={} (port seen -> flows confirmed on every host that needs them -> mark confirmed)",
                LOG_PREFIX, ifaceId, String.format(java.util.Locale.ROOT, "%.3f", took / 1e6));
        return took;
    }

    int pending() {
        return seenAt.size();
    }
}
