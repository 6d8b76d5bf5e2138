package io.weft.topology.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.topology.EndpointRequest;
import io.weft.topology.Host;
import io.weft.topology.NetworkRequest;
import io.weft.topology.Topology;
import io.weft.topology.TopologySnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreToolsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static void populate(Topology topology) {
        topology.upsertHost(Host.named("node1"));
        topology.createNetwork(NetworkRequest.of("net1", "10.1.0.0/24"));
        topology.createNetwork(NetworkRequest.of("net2", "10.2.0.0/24"));
        topology.createEndpoint("net1", new EndpointRequest("a", "node1", null, null));
        topology.createEndpoint("net1", new EndpointRequest("b", "node1", null, null));
        topology.deleteNetwork("net2");
    }

    @Test
    void aBackupTakenWhileTheStoreIsOpenRestoresEverythingAcknowledged() throws Exception {
        Path live = dir.resolve("live");
        Path backup = dir.resolve("backups/weft.backup");
        TopologySnapshot before;
        try (JournalStateStore store = JournalStateStore.open(live)) {
            Topology topology = Topology.open(store);
            populate(topology);
            before = topology.snapshot();
            StoreTools.Verified verified = StoreTools.verify(live);
            assertThat(verified.rows()).containsEntry("networks", 1).containsEntry("endpoints", 2)
                    .containsEntry("hosts", 1);
            assertThat(verified.tornBytes()).isZero();
            assertThat(StoreTools.backup(live, backup).rows()).isEqualTo(verified.rows());
            assertThatThrownBy(() -> StoreTools.restore(backup, live, CLOCK))
                    .as("never under a running controller").hasMessageContaining("in use by another controller");
        }
        Path fresh = dir.resolve("fresh");
        StoreTools.restore(backup, fresh, CLOCK);
        try (JournalStateStore store = JournalStateStore.open(fresh)) {
            TopologySnapshot after = Topology.open(store).snapshot();
            assertThat(after.networks()).isEqualTo(before.networks());
            assertThat(after.endpoints()).isEqualTo(before.endpoints());
            assertThat(after.hosts().keySet()).isEqualTo(before.hosts().keySet());
        }
    }

    @Test
    void restoreKeepsTheJournalItReplaces() throws Exception {
        Path live = dir.resolve("live");
        try (JournalStateStore store = JournalStateStore.open(live)) {
            populate(Topology.open(store));
        }
        Path backup = dir.resolve("weft.backup");
        StoreTools.backup(live, backup);
        try (JournalStateStore store = JournalStateStore.open(live)) {
            Topology.open(store).deleteEndpoint("net1", "a");
        }
        byte[] replaced = Files.readAllBytes(live.resolve(JournalStateStore.FILE_NAME));
        StoreTools.restore(backup, live, CLOCK);
        assertThat(live.resolve("weft.journal.before-restore-20261201T120000Z")).hasBinaryContent(replaced);
        assertThat(StoreTools.verify(live).rows()).containsEntry("endpoints", 2);
    }

    @Test
    void damageIsNamedAndADamagedOrCutBackupIsNotRestored() throws Exception {
        Path live = dir.resolve("live");
        try (JournalStateStore store = JournalStateStore.open(live)) {
            populate(Topology.open(store));
        }
        Path journal = live.resolve(JournalStateStore.FILE_NAME);
        byte[] good = Files.readAllBytes(journal);

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x40;
        Files.write(journal, flipped);
        assertThatThrownBy(() -> StoreTools.verify(live)).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("bad frame at byte");
        assertThatThrownBy(() -> StoreTools.backup(live, dir.resolve("never"))).isInstanceOf(StateStoreException.class);
        assertThat(dir.resolve("never")).doesNotExist();

        Files.write(journal, good);
        Path backup = dir.resolve("weft.backup");
        StoreTools.backup(live, backup);
        byte[] whole = Files.readAllBytes(backup);
        Files.write(backup, Arrays.copyOf(whole, whole.length - 3));
        Path target = dir.resolve("target");
        assertThatThrownBy(() -> StoreTools.restore(backup, target, CLOCK)).isInstanceOf(StateStoreException.class);
        assertThat(target.resolve(JournalStateStore.FILE_NAME)).doesNotExist();
    }
}
