package io.weft.apps.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.testkit.OvsInstance;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the packaged launcher as a user would and points a real OVS bridge at it. */
class ControllerProcessIT {

    @Test
    void controllerCommandAcceptsSwitchesLogsThemAndStopsOnSigterm() throws Exception {
        Path dataDir = Files.createTempDirectory("weft-data-");
        int port = freePort();
        Process weft = new ProcessBuilder("java", "-jar", System.getProperty("weft.jar"), "controller",
                "--listen", "127.0.0.1", "--openflow-port", Integer.toString(port),
                "--ovsdb-port", Integer.toString(freePort()), "--rest-port", Integer.toString(freePort()),
                "--data-dir", dataDir.resolve("state").toString())
                .redirectErrorStream(false).start();
        BlockingQueue<String> log = new LinkedBlockingQueue<>();
        List<String> all = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(weft.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                r.lines().forEach(l -> {
                    all.add(l);
                    log.add(l);
                });
            } catch (Exception ignored) {
                // process ended
            }
        });
        reader.start();
        try (OvsInstance ovs = OvsInstance.start("launcher")) {
            awaitLine(log, "openflow listening on 127.0.0.1:" + port);
            String dpid = ovs.addBridge("br-int", "dummy", "tcp:127.0.0.1:" + port, "OpenFlow13,OpenFlow14");
            String connected = awaitLine(log, "dpid=" + dpid + " connected");
            assertThat(connected).contains("OpenFlow14");
            assertThat(Files.isDirectory(dataDir.resolve("state"))).isTrue();
        } finally {
            weft.destroy();
        }
        // SIGTERM stops it promptly. (Whether the shutdown hook's log line shows depends on how the
        // forked test JVM passes signal dispositions on, so only the exit is checked here.)
        assertThat(weft.waitFor(15, TimeUnit.SECONDS)).isTrue();
        reader.join(5000);
        assertThat(all).noneMatch(l -> l.contains("ERROR") || l.contains("Exception"));
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Process help = new ProcessBuilder("java", "-jar", System.getProperty("weft.jar"), "--help").start();
        String out = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.waitFor()).isZero();
        assertThat(out).contains("controller", "bench");
    }

    private static String awaitLine(BlockingQueue<String> log, String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = log.poll(1, TimeUnit.SECONDS);
            if (line != null && line.contains(fragment)) {
                return line;
            }
        }
        throw new AssertionError("no log line containing '" + fragment + "' within 30 s");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
