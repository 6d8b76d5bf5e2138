package io.weft.apps.launcher;

import java.nio.file.Path;

/**
 * What {@code weft controller} was told on its command line.
 *
 * @param tls      OVSDB and OpenFlow ports speak TLS only, hosts are admitted by certificate (see SouthboundTls)
 * @param insecure plaintext on a non-loopback address was asked for explicitly
 * @param tlsNames names and addresses the controller's certificate must also carry (clients of the HTTPS API)
 */
record ControllerSettings(String listen, int openflowPort, int ovsdbPort, int restPort, Path dataDir,
                          java.util.List<String> ovsdbTargets, boolean tls, boolean insecure,
                          java.util.List<String> tlsNames) {
    ControllerSettings {
        ovsdbTargets = java.util.List.copyOf(ovsdbTargets);
        tlsNames = java.util.List.copyOf(tlsNames);
        for (String name : tlsNames) {
            if (!name.matches("[A-Za-z0-9.:-]{1,253}")) {
                throw new IllegalArgumentException("--tls-name '" + name + "' is not a DNS name or an IP address");
            }
        }
        for (int port : new int[] {openflowPort, ovsdbPort, restPort}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range 0..65535: " + port);
            }
        }
        if (!tls && !insecure && !isLoopback(listen)) {
            throw new IllegalArgumentException("refusing to serve plaintext on " + listen + ": any machine that"
                    + " reaches it could join as a host. Use --tls (hosts admitted with weft host add), or --insecure"
                    + " on a network you trust completely");
        }
    }

    /** Plaintext without --insecure is only for this machine. */
    static boolean isLoopback(String address) {
        return address.equals("localhost") || address.equals("::1") || address.startsWith("127.");
    }

    /** Settings for tests and in-process runs: plaintext on loopback. */
    static ControllerSettings loopback(int openflowPort, int ovsdbPort, int restPort, Path dataDir) {
        return new ControllerSettings("127.0.0.1", openflowPort, ovsdbPort, restPort, dataDir,
                java.util.List.of(), false, false, java.util.List.of());
    }
}
