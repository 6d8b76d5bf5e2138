package io.weft.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A private Open vSwitch (ovsdb-server + ovs-vswitchd) for one simulated host, started in its own
 * directory so that many can run side by side. Daemons are stopped by the PID in their pidfile,
 * never by name, so a test never touches another test's (or the system's) switches.
 *
 * <p>ovs-vswitchd runs with {@code --enable-dummy} so that both the {@code dummy} datapath (no
 * packets, cheap) and the {@code netdev} userspace datapath (real packets) are available; the
 * kernel datapath is not, because this machine has no openvswitch module.
 */
public final class OvsInstance implements AutoCloseable {
    private static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");

    private final Path dir;
    private final String name;
    private final String netns;

    private OvsInstance(Path dir, String name, String netns) {
        this.dir = dir;
        this.name = name;
        this.netns = netns;
    }

    /** Starts ovsdb-server and ovs-vswitchd in a fresh temporary directory. */
    public static OvsInstance start(String name) throws IOException {
        return start(name, null);
    }

    /** Starts the daemons inside network namespace {@code netns} ({@code ip netns} name), or the current one if null. */
    public static OvsInstance start(String name, String netns) throws IOException {
        requireOvsInstalled();
        Path dir = Files.createTempDirectory("weft-ovs-" + name + "-");
        OvsInstance ovs = new OvsInstance(dir, name, netns);
        try {
            ovs.startDatabase();
            ovs.startSwitchDaemon();
        } catch (IOException | RuntimeException e) {
            ovs.close();
            throw e;
        }
        return ovs;
    }

    private static void requireOvsInstalled() {
        if (!Files.exists(SCHEMA)) {
            throw new IllegalStateException("Open vSwitch is not installed (" + SCHEMA + " missing):"
                    + " run ./run-tests or apt-get install openvswitch-switch");
        }
    }

    private void startDatabase() throws IOException {
        Processes.run(List.of("ovsdb-tool", "create", dir.resolve("conf.db").toString(), SCHEMA.toString()));
        startDatabaseAgain();
        vsctl("--no-wait", "init");
    }

    /** Starts (or restarts after {@link #killSwitchDaemon()}) ovs-vswitchd. */
    public void startSwitchDaemon() throws IOException {
        Processes.run(inNetns(List.of("ovs-vswitchd", "unix:" + dbSocket(),
                "--enable-dummy",
                "--disable-system",
                "--pidfile=" + dir.resolve("ovs-vswitchd.pid"),
                "--unixctl=" + dir.resolve("ovs-vswitchd.ctl"),
                "--log-file=" + dir.resolve("ovs-vswitchd.log"),
                "--detach")), env());
    }

    /** Kills ovs-vswitchd with SIGKILL (a crash, not a clean exit) and waits until it is gone. */
    public void killSwitchDaemon() throws IOException {
        killByPidfile(dir.resolve("ovs-vswitchd.pid"));
    }

    /** Kills ovsdb-server with SIGKILL and waits until it is gone. */
    public void killDatabase() throws IOException {
        killByPidfile(dir.resolve("ovsdb-server.pid"));
    }

    /** (Re)starts ovsdb-server on this instance's database file (its contents survive a restart). */
    public void startDatabaseAgain() throws IOException {
        Processes.run(inNetns(List.of("ovsdb-server", dir.resolve("conf.db").toString(),
                "--remote=punix:" + dbSocket(),
                "--remote=db:Open_vSwitch,Open_vSwitch,manager_options",
                // As Debian's ovs-ctl starts it: ssl: managers use the keys `ovs-vsctl set-ssl` records.
                "--private-key=db:Open_vSwitch,SSL,private_key",
                "--certificate=db:Open_vSwitch,SSL,certificate",
                "--bootstrap-ca-cert=db:Open_vSwitch,SSL,ca_cert",
                "--pidfile=" + dir.resolve("ovsdb-server.pid"),
                "--unixctl=" + dir.resolve("ovsdb-server.ctl"),
                "--log-file=" + dir.resolve("ovsdb-server.log"),
                "--detach")), env());
    }

    /**
     * Starts {@code count} instances named {@code prefix0..}, a few at a time, each prepared by
     * {@code setup} (given the instance and its index): simulated hosts for scale tests and benchmarks.
     */
    public static List<OvsInstance> startMany(String prefix, int count, HostSetup setup) throws IOException {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<OvsInstance>> futures = new ArrayList<>();
        List<OvsInstance> started = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    OvsInstance h = start(prefix + n);
                    setup.prepare(h, n);
                    return h;
                }));
            }
            for (java.util.concurrent.Future<OvsInstance> f : futures) {
                started.add(f.get());
            }
            return started;
        } catch (Exception e) {
            for (java.util.concurrent.Future<OvsInstance> f : futures) {
                try {
                    f.get().close();
                } catch (Exception ignored) {
                    // it failed to start; nothing to stop
                }
            }
            throw new IOException("could not start " + count + " OVS instances: " + e.getMessage(), e);
        } finally {
            pool.shutdown();
        }
    }

    /** Prepares one of several simulated hosts. */
    @FunctionalInterface
    public interface HostSetup {
        void prepare(OvsInstance host, int index) throws IOException;
    }

    /**
     * Gives this host the key, certificate and CA certificate its {@code ssl:} manager and controller connections
     * use ({@code ovs-vsctl set-ssl}), written as files in its directory.
     */
    public void useSsl(String privateKeyPem, String certificatePem, String caCertificatePem) throws IOException {
        Path key = dir.resolve("ssl-privkey.pem");
        Path cert = dir.resolve("ssl-cert.pem");
        Path ca = dir.resolve("ssl-cacert.pem");
        Files.writeString(key, privateKeyPem);
        Files.writeString(cert, certificatePem);
        Files.writeString(ca, caCertificatePem);
        vsctl("set-ssl", key.toString(), cert.toString(), ca.toString());
    }

    public String name() {
        return name;
    }

    public Path directory() {
        return dir;
    }

    public Path dbSocket() {
        return dir.resolve("db.sock");
    }

    /** Runs ovs-vsctl against this instance's database and returns its standard output, trimmed. */
    public String vsctl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:" + dbSocket(), "--timeout=20"));
        cmd.addAll(List.of(args));
        return Processes.run(cmd, env()).trim();
    }

    /** Runs ovs-ofctl against a bridge of this instance, speaking OpenFlow 1.3 (and 1.4 if the bridge allows it). */
    public String ofctl(String command, String bridge, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow13,OpenFlow14", command,
                dir.resolve(bridge + ".mgmt").toString()));
        cmd.addAll(List.of(args));
        return Processes.run(cmd, env());
    }

    /**
     * Starts {@code ovs-ofctl monitor BRIDGE watch:!initial}: OVS reports every flow added, deleted or modified on the bridge
     * from now on, one {@code event=...} line each, on the process's standard output (read it after destroying it).
     */
    public Process monitorFlows(String bridge, Path output) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("ovs-ofctl", "-O", "OpenFlow14", "monitor",
                dir.resolve(bridge + ".mgmt").toString(), "watch:!initial").redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().putAll(env());
        return pb.start();
    }

    /** Runs ovs-appctl against this instance's ovs-vswitchd. */
    public String appctl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ovs-appctl", "-t", dir.resolve("ovs-vswitchd.ctl").toString()));
        cmd.addAll(List.of(args));
        return Processes.run(cmd, env());
    }

    /**
     * Adds a bridge with the given datapath type ({@code dummy} or {@code netdev}), fail_mode=secure,
     * OpenFlow 1.3 and 1.4, and a controller target; returns its datapath id as 16 hex digits.
     */
    public String addBridge(String bridge, String datapathType, String controllerTarget, String protocols)
            throws IOException {
        vsctl("--", "add-br", bridge,
                "--", "set", "Bridge", bridge, "datapath_type=" + datapathType, "fail_mode=secure",
                "protocols=" + protocols,
                "--", "set-controller", bridge, controllerTarget);
        return datapathId(bridge);
    }

    public String datapathId(String bridge) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            String id = vsctl("get", "Bridge", bridge, "datapath_id").replace("\"", "");
            if (id.matches("[0-9a-f]{16}")) {
                return id;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("bridge " + bridge + " has no datapath_id: " + id);
            }
            sleep(20);
        }
    }

    private List<String> inNetns(List<String> cmd) {
        if (netns == null) {
            return cmd;
        }
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        wrapped.addAll(cmd);
        return wrapped;
    }

    private java.util.Map<String, String> env() {
        // Without OVS_RUNDIR the bridge management sockets (<bridge>.mgmt) would go to /var/run/openvswitch
        // and collide between instances.
        return java.util.Map.of("OVS_RUNDIR", dir.toString(), "OVS_DBDIR", dir.toString(),
                "OVS_LOGDIR", dir.toString());
    }

    private static void killByPidfile(Path pidfile) throws IOException {
        // Pidfile.stop also counts a zombie as gone: detached daemons are reparented to init, which may
        // reap them only seconds later, and waiting for that made closing a host take seconds.
        new Pidfile(pidfile).stop(true);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops both daemons by PID and removes the directory. */
    @Override
    public void close() throws IOException {
        killByPidfile(dir.resolve("ovs-vswitchd.pid"));
        killByPidfile(dir.resolve("ovsdb-server.pid"));
        Processes.deleteRecursively(dir);
    }
}
