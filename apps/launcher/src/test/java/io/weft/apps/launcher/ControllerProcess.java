package io.weft.apps.launcher;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The packaged controller ({@code java -jar weft.jar controller ...}) as a child process, with its log lines kept. */
final class ControllerProcess implements AutoCloseable {
    private final Process process;
    private final List<String> log = new CopyOnWriteArrayList<>();

    private ControllerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                r.lines().forEach(log::add);
            } catch (Exception ignored) {
                // the controller ended
            }
        }, "controller-log");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code weft controller ARGS} and returns once it logs that it is ready. */
    static ControllerProcess start(String... args) throws Exception {
        return startWithJvm(List.of(), args);
    }

    /** The same with JVM options (heap and direct memory caps, say). */
    static ControllerProcess startWithJvm(List<String> jvm, String... args) throws Exception {
        return startJar(java.nio.file.Path.of(System.getProperty("weft.jar")), jvm, args);
    }

    /** The same from another build's jar (an earlier release, say). */
    static ControllerProcess startJar(java.nio.file.Path jar, List<String> jvm, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvm);
        command.addAll(List.of("-jar", jar.toString(), "controller"));
        command.addAll(List.of(args));
        ControllerProcess controller = new ControllerProcess(new ProcessBuilder(command).redirectErrorStream(true)
                .start());
        controller.awaitLog(l -> l.contains("weft controller ready"));
        return controller;
    }

    /** {@code kill -9}: the controller dies mid-work, holding whatever it held. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}, ...). */
    void signal(String name) throws Exception {
        if (new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start().waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
        }
    }

    /** The exit status once it has exited, waiting up to {@code seconds}; empty if it still runs. */
    java.util.OptionalInt exitStatus(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? java.util.OptionalInt.of(process.exitValue())
                : java.util.OptionalInt.empty();
    }

    long pid() {
        return process.pid();
    }

    /** The controller's resident memory, in MiB (from /proc). */
    long residentMiB() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc", Long.toString(pid()),
                "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid());
    }

    boolean logged(Predicate<String> line) {
        return log.stream().anyMatch(line);
    }

    void awaitLog(Predicate<String> line) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (log.stream().anyMatch(line)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such log line within 30 s; last lines:\n" + tail());
    }

    private String threadDump() {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid()), "Thread.print").redirectErrorStream(true)
                    .start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** The last 30 log lines, for failure messages. */
    String tail() {
        return String.join("\n", log.subList(Math.max(0, log.size() - 30), log.size()));
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** SIGTERM, and waits for the controller to stop. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                String threads = threadDump();
                process.destroyForcibly();
                throw new AssertionError("the controller did not stop within 15 s of SIGTERM; its threads:\n"
                        + threads + "\nits log:\n" + tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
