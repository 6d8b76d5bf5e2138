package io.weft.bench.compare;

import io.weft.testkit.NetNamespace;
import io.weft.testkit.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ping -D -i INTERVAL} running in a container until stopped. ping stamps each reply with the
 * wall clock when it arrived ({@code -D}), so the first reply is timed by ping itself, not by when this
 * process reads the line. Loss is counted by icmp_seq; the request sent just before SIGINT is not a
 * loss (ping exits at once, without waiting for its reply).
 */
final class ContinuousPing implements AutoCloseable {
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+)\\.(\\d+)\\] \\d+ bytes from .*icmp_seq=(\\d+) ");
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted");

    /** What a stopped ping saw: requests sent and the sequence numbers that got no reply. */
    record Outcome(int sent, List<Integer> lost) {
    }

    private final Process process;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Long> firstReplyMicros = new CompletableFuture<>();
    private final BitSet replied = new BitSet();
    private final StringBuilder output = new StringBuilder();
    private final Thread reader;

    private ContinuousPing(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "ping-reader-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts pinging {@code ip} from {@code ns} every {@code intervalMs}; returns once ping has started. */
    static ContinuousPing start(NetNamespace ns, String ip, int intervalMs) throws Exception {
        ContinuousPing ping = new ContinuousPing(ns.start("ping", "-n", "-D", "-W", "1",
                "-i", String.format(Locale.ROOT, "%.3f", intervalMs / 1000.0), ip));
        try {
            ping.started.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            ping.process.destroyForcibly();
            throw new IllegalStateException("ping did not start: " + ping.output(), e);
        }
        return ping;
    }

    /** The wall clock (microseconds since the epoch) at which the first reply arrived. */
    CompletableFuture<Long> firstReplyMicros() {
        return firstReplyMicros;
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                if (line.startsWith("PING ")) {
                    started.complete(null);
                }
                Matcher m = REPLY.matcher(line);
                if (m.find()) {
                    String fraction = (m.group(2) + "000000").substring(0, 6);
                    long micros = Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(fraction);
                    firstReplyMicros.complete(micros);
                    synchronized (replied) {
                        replied.set(Integer.parseInt(m.group(3)));
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone; stop() reports what was read
        } finally {
            started.complete(null);
        }
    }

    /** SIGINT (ping then prints its summary), and what it saw. */
    Outcome stop() throws Exception {
        Processes.run(List.of("kill", "-INT", String.valueOf(process.pid())));
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        reader.join(10_000);
        Matcher m = SUMMARY.matcher(output());
        if (!m.find()) {
            throw new IllegalStateException("no ping summary:\n" + output());
        }
        int sent = Integer.parseInt(m.group(1));
        List<Integer> lost = new ArrayList<>();
        synchronized (replied) {
            for (int seq = 1; seq <= sent; seq++) {
                if (!replied.get(seq)) {
                    lost.add(seq);
                }
            }
        }
        if (!lost.isEmpty() && lost.get(lost.size() - 1) == sent) {
            lost.remove(lost.size() - 1); // in flight when SIGINT arrived
        }
        return new Outcome(sent, lost);
    }

    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
