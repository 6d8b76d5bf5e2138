package io.weft.bench.compare;

import io.weft.testkit.Processes;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Option;

/** How OVN's API is called, shared by the compare commands. */
final class OvnOptions {
    @Option(names = "--ovn-nbctl-daemon", defaultValue = "false",
            description = "Call OVN through ovn-nbctl's daemon mode (OVN_NB_DAEMON) instead of one-shot ovn-nbctl,"
                    + " which reads the whole Northbound database on every call (default: ${DEFAULT-VALUE}).")
    boolean nbctlDaemon;

    @Option(names = "--ovn-wait-before-clear", defaultValue = "0", paramLabel = "MS",
            description = "Set ovn-ofctrl-wait-before-clear on every chassis: a restarted ovn-controller then waits"
                    + " this long, computing, before it replaces the flows it finds (OVN's default, 0, clears them at"
                    + " once) (default: ${DEFAULT-VALUE}).")
    int waitBeforeClearMs;

    /** One line for the report: versions and how OVN's API is called. */
    String describe() throws IOException {
        String ovs = Processes.run(List.of("ovs-vsctl", "--version")).lines().findFirst().orElse("?");
        String ovn = Processes.run(List.of("ovn-controller", "--version")).lines().findFirst().orElse("?");
        return ovs + "; " + ovn + "; OVN API: " + (nbctlDaemon ? "ovn-nbctl daemon mode" : "one-shot ovn-nbctl")
                + "; ovn-ofctrl-wait-before-clear=" + waitBeforeClearMs
                + "; Weft: java -jar weft.jar controller, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version");
    }

    OvnSystem system() {
        return new OvnSystem(nbctlDaemon, waitBeforeClearMs);
    }
}
