package io.weft.apps.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.topology.Topology;
import io.weft.topology.store.JournalStateStore;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The API over the real store on a full disk (a small tmpfs; needs root, as CI runs): a write answers 503 with the
 * store's reason and changes nothing; once space is freed the same request succeeds, without a restart.
 */
class FullDiskApiTest {

    @Test
    void aFullDiskIsA503ThatGoesAwayWithTheCause() throws Exception {
        Path mount = Files.createTempDirectory("weft-api-full-disk-");
        run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString());
        try (JournalStateStore store = JournalStateStore.open(mount.resolve("data"))) {
            ApiFixture api = new ApiFixture(Topology.open(store));
            try {
                Path filler = mount.resolve("filler");
                Files.write(filler, new byte[252 * 1024]);
                HttpResponse<String> full = null;
                for (int i = 0; i < 2000; i++) {
                    HttpResponse<String> r = api.post("/api/v1/networks", "{\"name\":\"n" + i + "\",\"subnet\":\"10."
                            + (i / 250) + "." + (i % 250) + ".0/24\"}");
                    if (r.statusCode() != 201) {
                        full = r;
                        break;
                    }
                }
                assertThat(full).as("the disk filled up").isNotNull();
                ProblemAssert.assertProblem(full, 503, "No space left on device");
                assertThat(full.body()).contains("nothing was changed");
                assertThat(full.headers().firstValue("Retry-After")).contains("5");
                ProblemAssert.assertProblem(api.get("/api/v1/health"), 503, "unhealthy: the last write to");

                Files.delete(filler);
                assertThat(api.post("/api/v1/networks", "{\"name\":\"after\",\"subnet\":\"10.99.0.0/24\"}")
                        .statusCode()).isEqualTo(201);
                assertThat(api.get("/api/v1/health").statusCode()).isEqualTo(200);
            } finally {
                api.close();
            }
        } finally {
            run("umount", mount.toString());
            Files.deleteIfExists(mount);
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
