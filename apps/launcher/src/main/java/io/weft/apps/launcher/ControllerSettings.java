package io.weft.apps.launcher;

import java.nio.file.Path;

/** What {@code weft controller} was told on its command line. */
record ControllerSettings(String listen, int openflowPort, int ovsdbPort, int restPort, Path dataDir,
                          java.util.List<String> ovsdbTargets) {
    ControllerSettings {
        ovsdbTargets = java.util.List.copyOf(ovsdbTargets);
        for (int port : new int[] {openflowPort, ovsdbPort, restPort}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range 0..65535: " + port);
            }
        }
    }
}
