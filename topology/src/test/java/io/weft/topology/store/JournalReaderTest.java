package io.weft.topology.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recovery rule on every way a file can end: a crash tears at most the last frame; anything else is damage. */
class JournalReaderTest {
    @TempDir
    Path dir;
    private Path file;
    private byte[] whole;
    /** {@code ends.get(i)}: the file length once frame i is complete. */
    private final List<Integer> ends = new ArrayList<>();
    private final List<String> payloads = new ArrayList<>();

    @BeforeEach
    void writeJournal() throws IOException {
        file = dir.resolve("j");
        JournalFiles.writeAtomically(file, dir.resolve("j.tmp"), List.of("{\"op\":\"SNAPSHOT\"}".getBytes()));
        payloads.add("{\"op\":\"SNAPSHOT\"}");
        try (JournalWriter writer = JournalWriter.openAt(file, Files.size(file))) {
            ends.add((int) writer.size());
            for (int i = 0; i < 12; i++) {
                String payload = "{\"entry\":" + i + ",\"pad\":\"" + "x".repeat(i * 7) + "\"}";
                writer.append(payload.getBytes(StandardCharsets.UTF_8));
                if (i % 2 == 0) {
                    writer.force();
                }
                payloads.add(payload);
                ends.add((int) writer.size());
            }
        }
        whole = Files.readAllBytes(file);
    }

    @Test
    void everyPrefixOfTheFileReadsAsTheFramesItHoldsWhole() throws IOException {
        for (int cut = JournalFormat.HEADER.length; cut <= whole.length; cut++) {
            int length = cut;
            Files.write(file, Arrays.copyOf(whole, length));
            JournalReader.Contents contents = JournalReader.read(file);

            int complete = (int) ends.stream().filter(end -> end <= contents.validLength()).count();
            assertThat(contents.damaged()).as("prefix %d: %s", length, contents.damage()).isFalse();
            assertThat(strings(contents)).as("prefix %d", length).isEqualTo(payloads.subList(0, complete));
            assertThat(contents.validLength()).as("prefix %d", length)
                    .isEqualTo(ends.stream().filter(end -> end <= length).mapToInt(Integer::intValue).max().orElse(JournalFormat.HEADER.length));
        }
    }

    @Test
    void aZeroFilledOrUnchecksummedLastFrameIsTornNotDamage() throws IOException {
        byte[] zeroTail = Arrays.copyOf(whole, whole.length + 4096);
        Files.write(file, zeroTail);
        assertThat(JournalReader.read(file)).satisfies(c -> {
            assertThat(c.damaged()).isFalse();
            assertThat(c.payloads()).hasSize(payloads.size());
            assertThat(c.tornBytes()).isEqualTo(4096);
        });

        byte[] badLast = whole.clone();
        badLast[whole.length - 2] ^= 0x40;
        Files.write(file, badLast);
        assertThat(JournalReader.read(file)).satisfies(c -> {
            assertThat(c.damaged()).isFalse();
            assertThat(c.payloads()).hasSize(payloads.size() - 1);
        });
    }

    @Test
    void aBitFlippedAnywhereBeforeTheLastFrameIsDamage() throws IOException {
        for (int at = JournalFormat.HEADER.length; at < ends.get(ends.size() - 2); at++) {
            byte[] flipped = whole.clone();
            flipped[at] ^= 0x01;
            Files.write(file, flipped);

            JournalReader.Contents contents = JournalReader.read(file);
            assertThat(contents.damaged()).as("bit flipped at byte %d", at).isTrue();
            assertThat(contents.damage()).contains("with a valid frame after it");
        }
    }

    @Test
    void aForeignOrNewerFileIsNamedAsSuch() throws IOException {
        Files.writeString(file, "SQLite format 3\u0000");
        assertThat(JournalReader.read(file).damage()).contains("not a Weft journal");
        Files.writeString(file, "WEFT-JOURNAL 2\n");
        assertThat(JournalReader.read(file).damage()).contains("journal format 2 is not supported");
    }

    private static List<String> strings(JournalReader.Contents contents) {
        return contents.payloads().stream().map(p -> new String(p, StandardCharsets.UTF_8)).toList();
    }
}
