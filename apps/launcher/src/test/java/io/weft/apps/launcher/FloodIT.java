package io.weft.apps.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.testkit.OvsInstance;
import io.weft.testkit.UnreadFlood;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Careless and hostile peers against the packaged controller (a real process) with a real host joined: peers that
 * send OVSDB messages that never end, and peers that flood echo requests and never read the replies. The controller's
 * memory stays within the bounds it documents (docs/security.md), the flooders are closed, and the real host, the
 * REST API and the store are not disturbed.
 */
class FloodIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void floodsAreClosedWithinTheirBoundsAndNobodyElseNotices() throws Exception {
        int ovsdb = ControllerProcess.freePort();
        int rest = ControllerProcess.freePort();
        // with bin/weft's cap on direct memory, and a heap that cannot hide the growth behind a lazy collector
        try (ControllerProcess weft = ControllerProcess.startWithJvm(List.of("-Xmx512m", "-XX:MaxDirectMemorySize=1g"),
                "--openflow-port",
                Integer.toString(ControllerProcess.freePort()), "--ovsdb-port", Integer.toString(ovsdb),
                "--rest-port", Integer.toString(rest), "--data-dir",
                Files.createTempDirectory("weft-flood-").toString());
             OvsInstance node1 = OvsInstance.start("flood-node1")) {
            node1.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=node1",
                    "external_ids:weft-tunnel-ip=198.18.0.1", "external_ids:weft-datapath-type=dummy");
            node1.vsctl("set-manager", "tcp:127.0.0.1:" + ovsdb);
            weft.awaitLog(l -> l.contains("host=node1 ready"));
            Thread.sleep(2000);
            long baseline = weft.residentMiB();

            // 60 peers each sending 12 MB of a message that never ends: 720 MB asked of a 256 MiB budget
            List<Socket> hogs = new ArrayList<>();
            byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            long hogsPeak = baseline;
            for (int i = 0; i < 60; i++) {
                Socket hog = new Socket();
                hog.connect(new InetSocketAddress("127.0.0.1", ovsdb));
                hogs.add(hog);
                try {
                    OutputStream out = hog.getOutputStream();
                    out.write("{\"id\":1,\"method\":\"echo\",\"params\":[\"".getBytes(StandardCharsets.US_ASCII));
                    for (int mb = 0; mb < 12; mb++) {
                        out.write(chunk);
                    }
                } catch (IOException closed) {
                    // closed by the controller: what a budget does
                }
                hogsPeak = Math.max(hogsPeak, weft.residentMiB());
            }
            Thread.sleep(500);
            hogsPeak = Math.max(hogsPeak, weft.residentMiB());
            assertThat(hogsPeak - baseline).as("resident growth in MiB while 720 MB of endless messages arrive"
                    + " (baseline %d, peak %d)", baseline, hogsPeak).isLessThan(256 + 300);
            // 4 peers flooding 60 KB echo requests and never reading a reply
            ExecutorService flooders = Executors.newFixedThreadPool(4);
            List<Future<Long>> floods = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                floods.add(flooders.submit(() -> flood(ovsdb)));
            }
            long peak = baseline;
            for (Future<Long> f : floods) {
                while (!f.isDone()) {
                    peak = Math.max(peak, weft.residentMiB());
                    Thread.sleep(100);
                }
                assertThat(f.get()).as("bytes a flooder sent before it was closed").isLessThan(400L << 20);
            }
            flooders.shutdownNow();
            peak = Math.max(peak, weft.residentMiB());
            assertThat(weft.logged(l -> l.contains("input budget") && l.contains("is spent"))).isTrue();
            assertThat(weft.logged(l -> l.contains("it does not read"))).isTrue();
            System.out.printf("FloodIT: controller resident memory %d MiB before the floods, %d MiB at the endless"
                    + " messages' peak, %d MiB at the echo floods' peak%n", baseline, hogsPeak, peak);
            // the bounds: 256 MiB of partial messages, 64 MiB of unread replies per flooder, and the JVM's slack
            // (the heap, capped at 512 MiB here, and buffers the allocator keeps for reuse)
            assertThat(peak - baseline).as("resident growth in MiB (baseline %d, peak %d)", baseline, peak)
                    .isLessThan(256 + 4 * 64 + 500);

            // nobody else noticed: the host kept its session, the API and the store answer
            assertThat(weft.logged(l -> l.contains("host=node1 disconnected"))).isFalse();
            HttpResponse<String> host = HTTP.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + rest + "/api/v1/hosts/node1")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(host.body()).contains("\"ovsdb\":\"connected\"");
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + rest + "/api/v1/networks")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"after\",\"subnet\":\"10.9.0.0/24\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            for (Socket hog : hogs) {
                hog.close();
            }
        }
    }

    /** Echo requests until the controller closes the connection; returns the bytes sent. */
    private static long flood(int port) throws IOException {
        byte[] request = ("{\"id\":1,\"method\":\"echo\",\"params\":[\"" + "x".repeat(60_000) + "\"]}")
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            UnreadFlood flood = UnreadFlood.run(socket.getOutputStream(), request, 20_000);
            if (flood.closed() == null) {
                throw new AssertionError("a flooder that never reads was not closed after " + flood.sent() + " bytes");
            }
            return flood.sent();
        }
    }
}
