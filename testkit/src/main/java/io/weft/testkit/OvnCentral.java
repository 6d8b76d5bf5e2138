package io.weft.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A private OVN central in a temporary directory: the Northbound and Southbound databases (one
 * ovsdb-server each, on unix sockets in that directory) and ovn-northd between them. For benchmarks
 * that compare Weft with OVN on simulated hosts; see {@link OvnChassis} for the per-host part.
 * Daemons are stopped by the pid in their pidfile, never by name.
 */
public final class OvnCentral implements AutoCloseable {
    private static final Path NB_SCHEMA = Path.of("/usr/share/ovn/ovn-nb.ovsschema");
    private static final Path SB_SCHEMA = Path.of("/usr/share/ovn/ovn-sb.ovsschema");

    /** The Northbound may hold tens of thousands of ports: a one-shot ovn-nbctl then reads it all first. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(30);

    private final Path dir;
    /** The control socket of ovn-nbctl's daemon mode, once started; null: one-shot ovn-nbctl. */
    private String nbctlDaemon;

    private OvnCentral(Path dir) {
        this.dir = dir;
    }

    /** Creates both databases, starts their servers and ovn-northd. */
    public static OvnCentral start() throws IOException {
        if (!Files.exists(NB_SCHEMA) || !Files.exists(SB_SCHEMA)) {
            throw new IllegalStateException("OVN is not installed (" + NB_SCHEMA + " missing):"
                    + " apt-get install ovn-central ovn-host");
        }
        OvnCentral central = new OvnCentral(Files.createTempDirectory("weft-ovn-central-"));
        try {
            central.startDatabase("nb", NB_SCHEMA);
            central.startDatabase("sb", SB_SCHEMA);
            central.nbctl("init");
            central.sbctl("init");
            central.startNorthd();
        } catch (IOException | RuntimeException e) {
            central.close();
            throw e;
        }
        return central;
    }

    private void startDatabase(String name, Path schema) throws IOException {
        Path db = dir.resolve(name + ".db");
        Processes.run(List.of("ovsdb-tool", "create", db.toString(), schema.toString()));
        Processes.run(List.of("ovsdb-server", db.toString(),
                "--remote=punix:" + dir.resolve(name + ".sock"),
                "--pidfile=" + dir.resolve(name + ".pid"),
                "--unixctl=" + dir.resolve(name + ".ctl"),
                "--log-file=" + dir.resolve(name + ".log"),
                "--detach"), env());
    }

    private void startNorthd() throws IOException {
        Processes.run(List.of("ovn-northd",
                "--ovnnb-db=" + northboundTarget(),
                "--ovnsb-db=" + southboundTarget(),
                "--pidfile=" + dir.resolve("ovn-northd.pid"),
                "--unixctl=" + dir.resolve("ovn-northd.ctl"),
                "--log-file=" + dir.resolve("ovn-northd.log"),
                "--detach"), env());
    }

    /**
     * Starts ovn-nbctl in daemon mode: it keeps a replica of the Northbound database, and later
     * {@link #nbctl} calls are sent to it instead of each reading the whole database first.
     */
    public void startNbctlDaemon() throws IOException {
        nbctlDaemon = Processes.run(List.of("ovn-nbctl", "--db=" + northboundTarget(),
                "--pidfile=" + dir.resolve("ovn-nbctl.pid"),
                "--log-file=" + dir.resolve("ovn-nbctl.log"),
                "--detach"), env()).trim();
    }

    public Path directory() {
        return dir;
    }

    /** Where chassis find the Southbound database: the value of their {@code ovn-remote}. */
    public String southboundTarget() {
        return "unix:" + dir.resolve("sb.sock");
    }

    public String northboundTarget() {
        return "unix:" + dir.resolve("nb.sock");
    }

    /**
     * Runs ovn-nbctl against the Northbound database: one process per call, as an operator would, either
     * one-shot or as a client of the daemon started by {@link #startNbctlDaemon}.
     */
    public String nbctl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ovn-nbctl"));
        Map<String, String> env = new HashMap<>(env());
        if (nbctlDaemon == null) {
            cmd.add("--db=" + northboundTarget());
        } else {
            env.put("OVN_NB_DAEMON", nbctlDaemon);
        }
        cmd.addAll(List.of(args));
        return Processes.run(cmd, env, CLIENT_TIMEOUT).trim();
    }

    public String sbctl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ovn-sbctl", "--db=" + southboundTarget()));
        cmd.addAll(List.of(args));
        return Processes.run(cmd, env(), CLIENT_TIMEOUT).trim();
    }

    /** The central daemons: both database servers and ovn-northd, by name. */
    public Map<String, Pidfile> daemons() {
        return Map.of("ovsdb-server (NB)", new Pidfile(dir.resolve("nb.pid")),
                "ovsdb-server (SB)", new Pidfile(dir.resolve("sb.pid")),
                "ovn-northd", new Pidfile(dir.resolve("ovn-northd.pid")));
    }

    private Map<String, String> env() {
        // Keeps every default path (control sockets, logs) of the OVN and OVS tools inside our directory.
        String d = dir.toString();
        return Map.of("OVS_RUNDIR", d, "OVS_DBDIR", d, "OVS_LOGDIR", d, "OVN_RUNDIR", d, "OVN_DBDIR", d,
                "OVN_LOGDIR", d);
    }

    /** Stops the ovn-nbctl daemon if any, northd, then both databases, and removes the directory. */
    @Override
    public void close() throws IOException {
        new Pidfile(dir.resolve("ovn-nbctl.pid")).stop(false);
        new Pidfile(dir.resolve("ovn-northd.pid")).stop(false);
        new Pidfile(dir.resolve("nb.pid")).stop(false);
        new Pidfile(dir.resolve("sb.pid")).stop(false);
        Processes.deleteRecursively(dir);
    }
}
