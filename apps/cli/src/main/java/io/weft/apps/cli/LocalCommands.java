package io.weft.apps.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs short local commands ({@code ip}, {@code nsenter}, {@code ethtool}, {@code ovs-vsctl}). A failure becomes a
 * {@link CliFailure} naming the command and carrying its stderr, since that is what tells the user what went wrong.
 */
public final class LocalCommands {
    /** Far above what any of these commands takes; bounds a hung ovsdb-server or a stuck netlink call. */
    private static final long TIMEOUT_SECONDS = 60;

    /** The outcome of a command that ran to its end. */
    public record Result(int exitCode, String out, String err) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code command} and returns its stdout; a non-zero exit is a {@link CliFailure}. */
    public String run(List<String> command) {
        Result result = probe(command);
        if (!result.ok()) {
            throw new CliFailure(String.join(" ", command) + " failed (exit " + result.exitCode() + "): "
                    + firstNonBlank(result.err(), result.out(), "no output"));
        }
        return result.out();
    }

    /** Runs {@code command} and returns how it ended; only a command that cannot run at all is a failure. */
    public Result probe(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new CliFailure("cannot run " + command.get(0) + " (" + e.getMessage() + "); is it installed?");
        }
        // Both pipes are drained on other threads so that neither can fill up and block the command, and a command
        // that hangs still hits the timeout below.
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new CliFailure(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), out.get(), err.get().strip());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted while running " + command.get(0));
        } catch (ExecutionException e) {
            throw new CliFailure("cannot read the output of " + command.get(0) + ": " + e.getCause().getMessage());
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstNonBlank(String... texts) {
        for (String text : texts) {
            if (!text.isBlank()) {
                return text.strip().replace('\n', ' ');
            }
        }
        return "";
    }
}
