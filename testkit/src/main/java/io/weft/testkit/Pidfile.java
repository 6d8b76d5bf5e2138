package io.weft.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The pidfile a daemon wrote with {@code --pidfile}: the only way the test kit finds a detached daemon,
 * so that it never stops another test's (or the system's) daemon of the same name.
 */
public record Pidfile(Path path) {

    /** The daemon's pid, if the file exists and holds one. */
    public OptionalLong pid() throws IOException {
        if (!Files.exists(path)) {
            return OptionalLong.empty();
        }
        String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
        return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
    }

    /** The running process, if any. */
    public Optional<ProcessHandle> process() throws IOException {
        OptionalLong pid = pid();
        return pid.isPresent() ? ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive) : Optional.empty();
    }

    /**
     * Stops the daemon (SIGTERM, or SIGKILL if {@code force}) and waits until it is gone. Detached daemons
     * are not our children, so "gone" is polled: a zombie whose parent never reaps it counts as gone.
     */
    public void stop(boolean force) throws IOException {
        Optional<ProcessHandle> p = process();
        if (p.isPresent()) {
            ProcessHandle h = p.get();
            if (force) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (h.isAlive() && !isZombie(h.pid())) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("process " + h.pid() + " (" + path.getFileName() + ") did not exit");
                }
                sleep();
            }
        }
        Files.deleteIfExists(path);
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            // The state follows the command name in parentheses, which may itself hold spaces.
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true; // no /proc entry: it is gone
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
