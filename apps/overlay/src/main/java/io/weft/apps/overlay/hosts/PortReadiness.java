package io.weft.apps.overlay.hosts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A port's way to ready, timed on Weft's clock: from the moment the port is first seen bound (its OpenFlow port
 * status or its ofport in OVSDB, whichever comes first), to the moment its flows have been written to every switch
 * that needs them (Weft's own part: the binding's write to the store, the overlay's recomputation, the diff and the
 * encoding), to the moment its host confirmed the {@code weft-installed} mark, which Weft writes as soon as every
 * one of those switches confirmed its flows (the switches' part: bundle commits, then the mark's transaction). One
 * line per port, for operators and for the benchmarks, which read it from the log ({@link #LOG_PREFIX}).
 *
 * <p>A port seen but never marked (its endpoint does not exist, say) is held until it is unbound; at most
 * {@link #MAX_PENDING} are held, so a host reporting ports without end cannot grow this without bound: beyond it
 * new ports are simply not timed.
 */
public final class PortReadiness {
    /** What each line starts with, followed by {@code iface-id=ID ms=TOTAL weft_ms=OWN_PART switches_ms=REST}. */
    public static final String LOG_PREFIX = "port ready:";
    static final int MAX_PENDING = 65_536;
    private static final Logger LOG = LoggerFactory.getLogger(PortReadiness.class);

    private final LongSupplier nanoClock;
    /** By iface-id: when its port was seen, and when its flows were sent (0 until then). */
    private final Map<String, long[]> times = new ConcurrentHashMap<>();

    public PortReadiness() {
        this(System::nanoTime);
    }

    PortReadiness(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The port of {@code ifaceId} is bound; only its first sighting counts. */
    void seen(String ifaceId) {
        if (times.size() < MAX_PENDING) {
            times.putIfAbsent(ifaceId, new long[] {nanoClock.getAsLong(), 0});
        }
    }

    /** Its flows are written to every switch that needs them; only the first time after the sighting counts. */
    public void sent(String ifaceId) {
        // A new array rather than a write into the old one: the marking thread reads it through the map.
        times.computeIfPresent(ifaceId, (id, t) -> t[1] == 0 ? new long[] {t[0], nanoClock.getAsLong()} : t);
    }

    /** Its port is gone before it was marked: nothing to time. */
    void forget(String ifaceId) {
        times.remove(ifaceId);
    }

    /**
     * Its host confirmed the mark; returns the time since the port was seen and, of that, Weft's own part (until its
     * flows were sent), in ns; null if it was not timed.
     */
    public Timing marked(String ifaceId) {
        long[] t = times.remove(ifaceId);
        if (t == null) {
            return null; // marked again (after a restart, say) or seen while the table was full
        }
        long now = nanoClock.getAsLong();
        // Not sent after the sighting: its flows were already out (bound again where they were), so no part is Weft's.
        long sent = t[1] == 0 ? t[0] : t[1];
        Timing timing = new Timing(now - t[0], sent - t[0]);
        LOG.info("{} iface-id={} ms={} weft_ms={} switches_ms={} (port seen -> flows sent -> confirmed, then the mark"
                        + " confirmed)", LOG_PREFIX, ifaceId, millis(timing.totalNanos()), millis(timing.weftNanos()),
                millis(timing.totalNanos() - timing.weftNanos()));
        return timing;
    }

    /** A port's time to ready and, of that, Weft's own part, in ns. */
    public record Timing(long totalNanos, long weftNanos) {
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6);
    }

    int pending() {
        return times.size();
    }
}
