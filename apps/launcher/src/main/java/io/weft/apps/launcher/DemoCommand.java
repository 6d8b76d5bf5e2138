package io.weft.apps.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft demo}: the seed scenario on a Mininet testbed, then the Mininet CLI. The testbed is the
 * end-to-end suite's own (mininet-tests/weftnet.py), driven by Debian's Mininet, which only
 * /usr/bin/python3 can import.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a controller and N simulated hosts in Mininet with net1, contain1 and contain2,"
                + " show pings and flows, then open the Mininet CLI (needs root, Mininet and Open vSwitch).")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--hosts", defaultValue = "2", description = "Simulated hosts (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Override
    public Integer call() throws Exception {
        String home = System.getProperty("weft.home");
        if (home == null) {
            System.err.println("weft: run the demo through bin/weft (it needs the source tree's mininet-tests/)");
            return 1;
        }
        Path script = Path.of(home, "mininet-tests", "demo.py");
        if (!Files.isRegularFile(script)) {
            System.err.println("weft: " + script + " not found");
            return 1;
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), "--hosts",
                Integer.toString(hosts)));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        return p.waitFor();
    }
}
