package io.weft.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 keep-alive connection that sends a request and reads its whole response before the next, with as
 * little client work as possible: the benchmark's client shares the 2 cores with the server it measures.
 *
 * <p>The JDK's {@code java.net.http} client costs about 1 ms of hand-offs between its own threads per request here
 * (1.2-1.8 ms per sequential creation where this client takes 0.15 ms against an in-memory store), which hid the
 * server's cost in earlier runs of {@code bench rest}. Responses carry a Content-Length or are chunked.
 */
final class KeepAliveHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String hostHeader;

    /** A response's status and body. */
    record Response(int status, String body) {
    }

    KeepAliveHttp(URI base) throws IOException {
        socket = new Socket(base.getHost(), base.getPort());
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        hostHeader = base.getHost() + ":" + base.getPort();
    }

    Response post(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return readResponse();
    }

    private Response readResponse() throws IOException {
        String statusLine = readLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int length = -1;
        boolean chunked = false;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            String name = colon > 0 ? line.substring(0, colon).trim() : "";
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(line.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = line.substring(colon + 1).toLowerCase(java.util.Locale.ROOT).contains("chunked");
            }
        }
        byte[] body;
        if (chunked) {
            body = readChunks();
        } else if (length >= 0) {
            body = in.readNBytes(length);
        } else {
            throw new IOException("response with neither Content-Length nor chunks: " + statusLine);
        }
        return new Response(Integer.parseInt(parts[1]), new String(body, StandardCharsets.UTF_8));
    }

    /** A chunked body (a large batch's answer may not fit Jetty's output buffer). */
    private byte[] readChunks() throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
            body.write(in.readNBytes(size));
            readLine();
        }
        for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
            // trailers: none expected, skipped
        }
        return body.toByteArray();
    }

    private int chunkSize() throws IOException {
        String line = readLine();
        int semicolon = line.indexOf(';');
        return Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed mid-response");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
