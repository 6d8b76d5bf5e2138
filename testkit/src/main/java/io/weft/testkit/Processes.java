package io.weft.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs short external commands for tests and fails loudly with their output when they fail. */
public final class Processes {
    private Processes() {
    }

    public static String run(List<String> command) throws IOException {
        return run(command, Map.of());
    }

    public static String run(List<String> command, Map<String, String> env) throws IOException {
        return run(command, env, Duration.ofSeconds(60));
    }

    /** As {@link #run(List, Map)}, for commands that may legitimately take longer than a minute. */
    public static String run(List<String> command, Map<String, String> env, Duration timeout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectErrorStream(false);
        Process p = pb.start();
        p.getOutputStream().close();
        // Read both streams fully; commands here print little.
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        String stdout = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("command failed (exit " + p.exitValue() + "): " + String.join(" ", command)
                    + "\n" + stdout + new String(err, StandardCharsets.UTF_8));
        }
        return stdout;
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
