package io.weft.bench.compare;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Releases a testbed if the benchmark is killed (SIGTERM, Ctrl-C) while it runs: its OVS daemons,
 * ovn-controllers, OVN central, Weft controller process and namespaces are detached processes or kernel
 * objects that would otherwise outlive the JVM. Closing the guard (the normal path) removes the hook.
 */
final class ShutdownGuard implements AutoCloseable {
    private final AtomicBoolean released = new AtomicBoolean();
    private final Thread hook;

    ShutdownGuard(String what, AutoCloseable resource) {
        this.hook = new Thread(() -> {
            if (released.compareAndSet(false, true)) {
                System.err.println("killed: releasing " + what);
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("cleanup of " + what + ": " + e);
                }
            }
        }, "release-" + what);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The owner releases the resource itself from now on. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook has started or the JVM is exiting; nothing to undo
            }
        }
    }
}
