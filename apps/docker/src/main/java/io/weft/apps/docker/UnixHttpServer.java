package io.weft.apps.docker;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server on a Unix domain socket: what Docker's plugin client speaks. Each connection has its
 * own thread, because Docker calls the driver concurrently and a slow call (Join waits for flows) must not hold
 * up the others. A request that is not well-formed HTTP gets a 400 and its connection is closed; nothing else
 * is affected. The JDK has served Unix sockets since 16; the Jetty module that does it is not available here.
 */
final class UnixHttpServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(UnixHttpServer.class);
    /** Driver payloads are a few hundred bytes; this bounds what a confused peer can make us buffer. */
    private static final int MAX_BODY = 1 << 20;
    private static final int MAX_LINE = 8192;

    /** What a handler answers. */
    record Response(int status, String contentType, byte[] body) {
        static Response json(String body) {
            return new Response(200, "application/vnd.docker.plugins.v1.2+json", body.getBytes(StandardCharsets.UTF_8));
        }

        static Response text(int status, String body) {
            return new Response(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Handles one request; runs on the connection's thread. */
    interface Handler {
        Response handle(String method, String path, byte[] body);
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "docker-plugin-connection");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread acceptor;
    private volatile boolean closed;

    private UnixHttpServer(Path socket, ServerSocketChannel server, Handler handler) {
        this.socket = socket;
        this.server = server;
        this.acceptor = new Thread(() -> acceptLoop(handler), "docker-plugin-accept");
        this.acceptor.setDaemon(true);
    }

    /** Binds {@code socket} (replacing a stale file left by an earlier run) and starts serving. */
    static UnixHttpServer start(Path socket, Handler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        Path parent = socket.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // A socket file outlives the process that bound it; a new bind fails until it is removed.
        Files.deleteIfExists(socket);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(socket));
        // Only root (dockerd) may call the driver: it creates interfaces and changes OVS.
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        UnixHttpServer server = new UnixHttpServer(socket, channel, handler);
        server.acceptor.start();
        return server;
    }

    private void acceptLoop(Handler handler) {
        while (!closed) {
            try {
                SocketChannel connection = server.accept();
                connections.execute(() -> serve(connection, handler));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("accept on {} failed: {}", socket, e.toString());
                }
                return;
            }
        }
    }

    private void serve(SocketChannel connection, Handler handler) {
        try (connection) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(connection));
            OutputStream out = Channels.newOutputStream(connection);
            while (!closed) {
                Request request;
                try {
                    request = Request.read(in);
                } catch (MalformedRequest e) {
                    write(out, Response.text(400, e.getMessage() + "\n"), false);
                    return;
                }
                if (request == null) {
                    return;
                }
                Response response;
                try {
                    response = handler.handle(request.method(), request.path(), request.body());
                } catch (RuntimeException e) {
                    LOG.error("{} {} failed", request.method(), request.path(), e);
                    response = Response.text(500, "internal error: " + e + "\n");
                }
                write(out, response, request.keepAlive());
                if (!request.keepAlive()) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("connection closed: {}", e.toString());
        }
    }

    private static void write(OutputStream out, Response response, boolean keepAlive) throws IOException {
        String head = "HTTP/1.1 " + response.status() + " " + reason(response.status()) + "\r\n"
                + "Content-Type: " + response.contentType() + "\r\n"
                + "Content-Length: " + response.body().length + "\r\n"
                + (keepAlive ? "" : "Connection: close\r\n") + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(response.body());
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Payload Too Large";
            default -> "Error";
        };
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        connections.shutdownNow();
        Files.deleteIfExists(socket);
    }

    private static final class MalformedRequest extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedRequest(String message) {
            super(message, null, false, false);
        }
    }

    private record Request(String method, String path, byte[] body, boolean keepAlive) {
        /** The next request on the connection, or null at a clean end of stream. */
        static Request read(InputStream in) throws IOException, MalformedRequest {
            String line = readLine(in);
            if (line == null) {
                return null;
            }
            String[] parts = line.split(" ");
            if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                throw new MalformedRequest("malformed request line");
            }
            boolean http10 = parts[2].equals("HTTP/1.0");
            long length = 0;
            boolean chunked = false;
            boolean close = http10;
            String header;
            while ((header = readLine(in)) != null && !header.isEmpty()) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw new MalformedRequest("malformed header");
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = parseLength(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close")
                            || (http10 && !value.equalsIgnoreCase("keep-alive"));
                    default -> {
                    }
                }
            }
            if (header == null) {
                throw new MalformedRequest("connection closed inside the headers");
            }
            byte[] body = chunked ? readChunked(in) : readFully(in, length);
            return new Request(parts[0], parts[1], body, !close);
        }

        private static long parseLength(String value) throws MalformedRequest {
            try {
                long length = Long.parseLong(value);
                if (length < 0 || length > MAX_BODY) {
                    throw new MalformedRequest("body length " + value + " out of range");
                }
                return length;
            } catch (NumberFormatException e) {
                throw new MalformedRequest("malformed Content-Length");
            }
        }

        private static byte[] readChunked(InputStream in) throws IOException, MalformedRequest {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = readLine(in);
                if (size == null) {
                    throw new MalformedRequest("connection closed inside a chunk");
                }
                int chunk;
                try {
                    chunk = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
                } catch (NumberFormatException e) {
                    throw new MalformedRequest("malformed chunk size");
                }
                if (chunk < 0 || body.size() + chunk > MAX_BODY) {
                    throw new MalformedRequest("body too large");
                }
                if (chunk == 0) {
                    // Trailers, if any, end with an empty line.
                    String trailer;
                    while ((trailer = readLine(in)) != null && !trailer.isEmpty()) {
                        // ignored
                    }
                    return body.toByteArray();
                }
                body.write(readFully(in, chunk));
                readLine(in);
            }
        }

        private static byte[] readFully(InputStream in, long length) throws IOException, MalformedRequest {
            byte[] body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new MalformedRequest("connection closed inside the body");
            }
            return body;
        }

        /** A CRLF- (or LF-) terminated ASCII line, or null at end of stream before any byte. */
        private static String readLine(InputStream in) throws IOException, MalformedRequest {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                if (line.length() >= MAX_LINE) {
                    throw new MalformedRequest("line too long");
                }
                line.append((char) b);
            }
            if (line.length() > 0) {
                throw new MalformedRequest("connection closed inside a line");
            }
            return null;
        }
    }
}
