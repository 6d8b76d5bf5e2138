package io.weft.apps.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin socket's HTTP, over a real Unix socket: what Docker sends, and what a confused peer sends. */
class UnixHttpServerTest {
    @TempDir
    Path dir;

    private UnixHttpServer server;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        socket = dir.resolve("plugins/weft.sock");
        server = UnixHttpServer.start(socket, (method, path, body) ->
                UnixHttpServer.Response.json("{\"method\":\"" + method + "\",\"path\":\"" + path + "\",\"body\":"
                        + new String(body, StandardCharsets.UTF_8) + "}"));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void answersAJsonPostWithContentLength() throws IOException {
        UnixHttpClient.Reply reply = new UnixHttpClient(socket, Duration.ofSeconds(5))
                .send("POST", "/NetworkDriver.Join", "{\"a\":1}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"method\":\"POST\",\"path\":\"/NetworkDriver.Join\",\"body\":{\"a\":1}}");
    }

    @Test
    void servesSeveralRequestsOnAKeptAliveConnectionAndChunkedBodies() throws IOException {
        try (SocketChannel channel = connect()) {
            OutputStream out = Channels.newOutputStream(channel);
            out.write(("POST /A HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
                    + "POST /B HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "3\r\n[1,\r\n2\r\n2]\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answers = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answers).contains("\"path\":\"/A\",\"body\":{}").contains("\"path\":\"/B\",\"body\":[1,2]");
            assertThat(answers.split("HTTP/1.1 200 OK", -1)).hasSize(3);
        }
    }

    @Test
    void garbageGetsA400AndOnlyItsConnectionCloses() throws IOException {
        for (String garbage : new String[] {"\u0000\u0001binary\r\n\r\n", "POST /x HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
                "POST /x HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n", "POST /x HTTP/1.1\r\nno colon here\r\n\r\n"}) {
            try (SocketChannel channel = connect()) {
                Channels.newOutputStream(channel).write(garbage.getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = Channels.newInputStream(channel);
                String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).as(garbage).startsWith("HTTP/1.1 400 ");
            }
        }
        assertThat(new UnixHttpClient(socket, Duration.ofSeconds(5)).send("POST", "/ok", "1").status()).isEqualTo(200);
    }

    @Test
    void aPeerThatHangsUpMidBodyDoesNotStopTheServer() throws IOException {
        try (SocketChannel channel = connect()) {
            Channels.newOutputStream(channel).write("POST /x HTTP/1.1\r\nContent-Length: 50\r\n\r\n{\"a\""
                    .getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(new UnixHttpClient(socket, Duration.ofSeconds(5)).send("POST", "/ok", "2").body()).contains("2");
    }

    @Test
    void aStaleSocketFileFromAnEarlierRunIsReplaced() throws IOException {
        server.close();
        java.nio.file.Files.createFile(socket);
        server = UnixHttpServer.start(socket, (m, p, b) -> UnixHttpServer.Response.json("{}"));
        assertThat(new UnixHttpClient(socket, Duration.ofSeconds(5)).send("POST", "/x", "{}").ok()).isTrue();
    }

    private SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return channel;
    }
}
