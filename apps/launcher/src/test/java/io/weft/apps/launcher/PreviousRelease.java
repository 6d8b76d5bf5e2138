package io.weft.apps.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The previous release's weft.jar, built from its commit (named in the test resource {@code previous-release}) out
 * of this repository's history, as a user's running controller would be. Built once per commit into
 * {@code ~/.cache/weft/releases/COMMIT/weft.jar}: a git archive of the commit, then {@code mvn package} of its
 * launcher with no tests.
 */
final class PreviousRelease {
    private PreviousRelease() {
    }

    static String commit() throws IOException {
        try (InputStream in = PreviousRelease.class.getResourceAsStream("/previous-release")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElseThrow().strip();
        }
    }

    static Path jar() throws Exception {
        String commit = commit();
        Path cached = Path.of(System.getProperty("user.home"), ".cache", "weft", "releases", commit, "weft.jar");
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        Path root = Path.of(run(Path.of("."), List.of("git", "rev-parse", "--show-toplevel")).strip());
        run(root, List.of("git", "cat-file", "-e", commit + "^{commit}")); // a shallow clone lacks it: say so
        Path source = Files.createTempDirectory("weft-release-");
        run(root, List.of("bash", "-c", "git archive --format=tar " + commit + " | tar -x -C " + source));
        run(source, List.of("mvn", "-B", "-q", "-Dmaven.test.skip=true", "package", "-pl", "apps/launcher", "-am"));
        Files.createDirectories(cached.getParent());
        Files.copy(source.resolve("apps/launcher/target/weft.jar"), cached);
        io.weft.testkit.Processes.deleteRecursively(source);
        return cached;
    }

    private static String run(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("building the previous release (" + String.join(" ", command) + ") failed:\n"
                    + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
