package io.weft.controller;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records registry events so tests can wait for them in order. */
final class SwitchEvents implements SwitchListener {
    record Event(String kind, SwitchHandle sw) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void switchConnected(SwitchHandle sw) {
        events.add(new Event("connected", sw));
    }

    @Override
    public void switchDisconnected(SwitchHandle sw) {
        events.add(new Event("disconnected", sw));
    }

    @Override
    public void portChanged(SwitchHandle sw, SwitchPort port, PortChange change) {
        events.add(new Event("port-" + change.name().toLowerCase() + ":" + port.name(), sw));
    }

    /** Waits for the next event of this kind, skipping others; fails after 20 s. */
    Event await(String kind) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            long left = deadline - System.nanoTime();
            Event e = events.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no '" + kind + "' event within 20 s");
            }
            if (e.kind().equals(kind)) {
                return e;
            }
        }
    }

    SwitchHandle awaitConnected() throws InterruptedException {
        return await("connected").sw();
    }

    /** True if no event of this kind arrives within the given time. */
    boolean quietFor(String kind, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            Event e = events.poll(left, TimeUnit.NANOSECONDS);
            if (e != null && e.kind().equals(kind)) {
                return false;
            }
        }
    }
}
