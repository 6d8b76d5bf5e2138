package io.weft.apps.launcher;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft controller}: runs the controller in the foreground until interrupted. */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Run the Weft controller in the foreground (Ctrl-C to stop).")
final class ControllerCommand implements Callable<Integer> {
    @Option(names = "--listen", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--openflow-port", defaultValue = "6653", description = "OpenFlow port (default: ${DEFAULT-VALUE}).")
    int openflowPort;

    @Option(names = "--ovsdb-port", defaultValue = "6640",
            description = "OVSDB manager port hosts connect to with set-manager (default: ${DEFAULT-VALUE}).")
    int ovsdbPort;

    @Option(names = "--rest-port", defaultValue = "8080", description = "REST API port (default: ${DEFAULT-VALUE}).")
    int restPort;

    @Option(names = "--data-dir", defaultValue = "./weft-data", description = "Where state is kept (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--ovsdb-connect", paramLabel = "TARGET",
            description = "Active mode: also connect to this host's OVSDB (tcp:IP:PORT or unix:PATH); repeatable.")
    java.util.List<String> ovsdbTargets = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        for (String t : ovsdbTargets) {
            io.weft.ovsdb.OvsdbConnector.parse(t);
        }
        ControllerSettings settings = new ControllerSettings(listen, openflowPort, ovsdbPort, restPort, dataDir,
                ovsdbTargets);
        CountDownLatch stopped = new CountDownLatch(1);
        try (WeftController controller = WeftController.start(settings)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                controller.close();
                stopped.countDown();
            }, "weft-shutdown"));
            stopped.await();
        }
        return 0;
    }
}
