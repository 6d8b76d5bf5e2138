package io.weft.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Linux network namespace made by a test (a simulated host or container), deleted on close
 * together with every interface inside it.
 */
public final class NetNamespace implements AutoCloseable {
    private final String name;

    private NetNamespace(String name) {
        this.name = name;
    }

    public static NetNamespace create(String name) throws IOException {
        Processes.run(List.of("ip", "netns", "add", name));
        NetNamespace ns = new NetNamespace(name);
        ns.exec("ip", "link", "set", "lo", "up");
        return ns;
    }

    public String name() {
        return name;
    }

    /** Runs a command inside the namespace and returns its standard output. */
    public String exec(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(command));
        return Processes.run(cmd);
    }

    /** Starts a long-running command inside the namespace (e.g. a continuous ping). */
    public Process start(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(command));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Runs {@code ip ...} in the root namespace. */
    public static String ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        return Processes.run(cmd);
    }

    /** True if an interface of that name exists in the root namespace. */
    public static boolean linkExists(String name) {
        return java.nio.file.Files.exists(java.nio.file.Path.of("/sys/class/net", name));
    }

    @Override
    public void close() throws IOException {
        Processes.run(List.of("ip", "netns", "del", name));
    }
}
