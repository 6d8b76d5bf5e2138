package io.weft.topology.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.topology.Network;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real full disk (a 512 KiB tmpfs): the write that finds no space fails cleanly and changes nothing, and once space
 * is freed writing goes on in the same process, with nothing acknowledged lost. Needs root (mount), as CI runs.
 */
class JournalFullDiskTest {
    private Path mountPoint;

    @BeforeEach
    void mountASmallDisk() throws Exception {
        mountPoint = Files.createTempDirectory("weft-full-disk-");
        run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mountPoint.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", mountPoint.toString());
        Files.deleteIfExists(mountPoint);
    }

    @Test
    void aWriteThatFindsNoSpaceChangesNothingAndWritingResumesOnceSpaceIsFreed() throws Exception {
        Path data = mountPoint.resolve("data");
        Path filler = mountPoint.resolve("filler");
        List<String> acknowledged = new ArrayList<>();
        try (JournalStateStore store = JournalStateStore.open(data)) {
            Topology topology = Topology.open(store);
            Files.write(filler, new byte[440 * 1024]);
            StateStoreException full = null;
            for (int i = 0; i < 10_000 && full == null; i++) {
                String name = "n" + i;
                try {
                    topology.createNetwork(NetworkRequest.of(name, "10." + (i / 250) + "." + (i % 250) + ".0/24"));
                    acknowledged.add(name);
                } catch (StateStoreException e) {
                    full = e;
                    assertThat(topology.network(name)).as("a failed write changes nothing").isEmpty();
                }
            }
            assertThat(full).as("the disk filled up").isNotNull();
            assertThat(full).hasMessageContaining("No space left on device");
            assertThatThrownBy(() -> topology.createNetwork(NetworkRequest.of("still-full", "10.250.0.0/24")))
                    .isInstanceOf(StateStoreException.class);

            Files.delete(filler);
            topology.createNetwork(NetworkRequest.of("after", "10.251.0.0/24"));
            acknowledged.add("after");
        }
        try (JournalStateStore store = JournalStateStore.open(data)) {
            assertThat(Topology.open(store).networks()).extracting(Network::name)
                    .containsExactlyInAnyOrderElementsOf(acknowledged);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed (needs root): " + output);
        }
    }
}
