package io.weft.bench.compare;

import io.weft.testkit.OvsInstance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ovs-ofctl monitor br-int watch:} on one host, every event stamped as it arrives: what a
 * controller restart really does to the flow table, rather than what two samples of dump-flows show.
 * The initial dump is skipped; only ADDED, DELETED and MODIFIED events are kept.
 */
final class FlowWatch implements AutoCloseable {
    /** One flow table change. {@code flow} is table, cookie and match as ovs-ofctl prints them (no actions). */
    record FlowEvent(long nanos, String kind, String flow) {
    }

    private final Process process;
    private final List<FlowEvent> events = new ArrayList<>();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final Thread reader;
    private volatile long lastEventNanos;
    private volatile boolean paused;

    private FlowWatch(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "flow-watch");
        this.reader.setDaemon(true);
    }

    /** Starts the monitor (OpenFlow 1.4 flow monitor) and returns once its initial reply has begun. */
    static FlowWatch start(OvsInstance host, String bridge) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("ovs-ofctl", "-O", "OpenFlow14", "monitor",
                host.directory().resolve(bridge + ".mgmt").toString(), "watch:");
        pb.environment().putAll(Map.of("OVS_RUNDIR", host.directory().toString()));
        pb.redirectErrorStream(true);
        FlowWatch watch = new FlowWatch(pb.start());
        watch.reader.start();
        try {
            watch.started.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            watch.close();
            throw new IllegalStateException("ovs-ofctl monitor did not start on " + host.name(), e);
        }
        // The initial dump may still be arriving; its events are ignored, and the change under test
        // is made after this returns, so anything later is a real change.
        return watch;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                long now = System.nanoTime();
                started.complete(null);
                if (line.toUpperCase(Locale.ROOT).contains("PAUSED")) {
                    // OVS stops sending individual updates to a monitor that falls behind and later sends
                    // only the net result: from then on the counts are lower bounds.
                    paused = true;
                }
                FlowEvent e = parse(now, line.trim());
                if (e != null) {
                    synchronized (events) {
                        events.add(e);
                    }
                    lastEventNanos = now;
                }
            }
        } catch (IOException e) {
            // the process was stopped
        } finally {
            started.complete(null);
        }
    }

    /** {@code event=ADDED table=1 cookie=0x8 dl_dst=... actions=...}; DELETED carries {@code reason=...} too. */
    static FlowEvent parse(long nanos, String line) {
        if (!line.startsWith("event=")) {
            return null;
        }
        int space = line.indexOf(' ');
        String kind = line.substring("event=".length(), space < 0 ? line.length() : space);
        if (kind.equals("INITIAL") || space < 0) {
            return null;
        }
        String rest = line.substring(space + 1);
        if (rest.startsWith("reason=")) {
            int next = rest.indexOf(' ');
            rest = next < 0 ? "" : rest.substring(next + 1);
        }
        int actions = rest.indexOf(" actions=");
        return new FlowEvent(nanos, kind, actions < 0 ? rest : rest.substring(0, actions));
    }

    /** Waits until no event has arrived for {@code quietMillis} (at most {@code maxMillis}). */
    void awaitQuiet(long quietMillis, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        long quiet = TimeUnit.MILLISECONDS.toNanos(quietMillis);
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long last = Math.max(since, lastEventNanos);
            if (System.nanoTime() - last >= quiet) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** Whether OVS paused the monitor at some point (too many changes too fast for this reader). */
    boolean wasPaused() {
        return paused;
    }

    List<FlowEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
