package io.weft.apps.cli;

import io.weft.apps.rest.RestServer;
import io.weft.topology.ConnectionState;
import io.weft.topology.Host;
import io.weft.topology.Topology;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A real REST server on a free port over an in-memory topology with two hosts, and a way to run {@code weft ...}
 * in-process against it with captured output, the commands registered as the launcher registers them.
 */
final class CliFixture implements AutoCloseable {
    final Topology topology = Topology.inMemory();
    final Map<String, String> flows = new ConcurrentHashMap<>();
    private final RestServer server;
    final String url;

    /** The outcome of one command. */
    record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    /** Stands in for the launcher's {@code weft} command. */
    @Command(name = "weft")
    static final class Root implements Runnable {
        @Override
        public void run() {
        }
    }

    CliFixture() {
        topology.upsertHost(Host.named("node-a")
                .withTunnelIp(OptionalInt.of(0xC612_0001))
                .withOvsdb(ConnectionState.CONNECTED)
                .withOpenflow(ConnectionState.CONNECTED)
                .withDatapathId(Optional.of("00000000000000a1")));
        topology.upsertHost(Host.named("node-b")
                .withNotReadyReason(Optional.of("missing external_ids:weft-tunnel-ip")));
        server = new RestServer(topology, host -> Optional.ofNullable(flows.get(host)), "127.0.0.1", 0);
        url = "http://127.0.0.1:" + server.start();
    }

    /** Runs {@code weft args... --controller URL}. */
    Run weft(String... args) {
        List<String> withController = new ArrayList<>(Arrays.asList(args));
        withController.add("--controller");
        withController.add(url);
        return weftAsIs(withController.toArray(String[]::new));
    }

    /** Runs {@code weft args...} without adding {@code --controller}. */
    static Run weftAsIs(String... args) {
        CommandLine cli = new CommandLine(new Root());
        CliCommands.topLevel().forEach(cli::addSubcommand);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Override
    public void close() {
        server.close();
    }
}
