package io.weft.apps.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** What users run, weft.jar, carries Weft and its libraries: no benchmark, no test kit, no OVN harness, no JMH. */
class ShippedJarIT {

    @Test
    void theUsersJarHoldsNoBenchmarkTestKitOrHarness() throws IOException {
        try (JarFile jar = new JarFile(Path.of(System.getProperty("weft.jar")).toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names).as("the launcher itself is in the jar").contains("io/weft/apps/launcher/Main.class");
            assertThat(names).filteredOn(n -> n.startsWith("io/weft/testkit/") || n.startsWith("io/weft/bench/")
                    || n.startsWith("io/weft/benchmarks/") || n.startsWith("org/openjdk/jmh/")
                    || n.startsWith("io/weft/apps/launcher/compare/") || n.contains("Benchmark"))
                    .isEmpty();
        }
    }
}
