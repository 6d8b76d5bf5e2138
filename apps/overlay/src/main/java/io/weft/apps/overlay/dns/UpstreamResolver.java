package io.weft.apps.overlay.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the queries Weft does not answer itself to one upstream resolver (the controller machine's own, by
 * default), so that containers still resolve outside names. Each forwarded query waits under a fresh random id; at
 * most {@link #MAX_PENDING} wait at once, and one unanswered for {@link #TIMEOUT_MS} is answered SERVFAIL: a
 * container flooding queries makes Weft hold a bounded amount. Answers must come from the upstream's address.
 */
final class UpstreamResolver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamResolver.class);
    static final int MAX_PENDING = 1024;
    static final long TIMEOUT_MS = 2000;
    /** How often the receiver answers timed-out queries (also while answers keep arriving). */
    private static final long EXPIRY_EVERY_MS = 250;
    /** Larger answers are cut to their header with TC set: a 1450-byte overlay MTU leaves this much for DNS. */
    static final int MAX_UDP_ANSWER = 1400;

    private record Pending(DnsQuery query, Consumer<byte[]> reply, long deadline) {
    }

    private final InetSocketAddress upstream;
    private final DatagramSocket socket;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final Random random = new Random();
    private final Thread receiver;
    private volatile boolean closed;

    UpstreamResolver(InetSocketAddress upstream) throws SocketException {
        this.upstream = upstream;
        this.socket = new DatagramSocket();
        this.socket.setSoTimeout((int) EXPIRY_EVERY_MS);
        this.receiver = new Thread(this::receive, "dns-upstream");
        this.receiver.setDaemon(true);
        this.receiver.start();
    }

    InetSocketAddress upstream() {
        return upstream;
    }

    /** Sends {@code message} (the query as the container sent it) upstream; {@code reply} gets the answer to relay. */
    void forward(DnsQuery query, byte[] message, Consumer<byte[]> reply) {
        if (pending.size() >= MAX_PENDING) {
            expire(System.currentTimeMillis()); // make room from queries that timed out, if there are any
        }
        if (pending.size() >= MAX_PENDING) {
            reply.accept(query.answer(DnsQuery.SERVFAIL, java.util.List.of(), 0));
            return;
        }
        int id;
        synchronized (random) {
            do {
                id = random.nextInt(0x10000);
            } while (pending.containsKey(id));
        }
        pending.put(id, new Pending(query, reply, System.currentTimeMillis() + TIMEOUT_MS));
        try {
            byte[] out = query.withId(message, id);
            socket.send(new DatagramPacket(out, out.length, upstream));
        } catch (IOException e) {
            pending.remove(id);
            reply.accept(query.answer(DnsQuery.SERVFAIL, java.util.List.of(), 0));
            LOG.debug("dns: cannot forward to {}: {}", upstream, e.toString());
        }
    }

    private void receive() {
        byte[] buffer = new byte[65535];
        long lastExpiry = System.currentTimeMillis();
        while (!closed) {
            long now = System.currentTimeMillis();
            if (now - lastExpiry >= EXPIRY_EVERY_MS) {
                expire(now);
                lastExpiry = now;
            }
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (java.net.SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("dns: upstream socket failed: {}", e.toString());
                }
                return;
            }
            if (packet.getLength() < 12 || !upstream.equals(packet.getSocketAddress())) {
                continue;
            }
            int id = ((buffer[0] & 0xff) << 8) | (buffer[1] & 0xff);
            Pending p = pending.remove(id);
            if (p == null) {
                continue;
            }
            byte[] answer = java.util.Arrays.copyOf(buffer, packet.getLength());
            p.reply().accept(answer.length > MAX_UDP_ANSWER ? p.query().truncated(answer) : p.query().relayed(answer));
        }
    }

    private void expire(long now) {
        for (Iterator<Map.Entry<Integer, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Pending p = it.next().getValue();
            if (p.deadline() < now) {
                it.remove();
                p.reply().accept(p.query().answer(DnsQuery.SERVFAIL, java.util.List.of(), 0));
            }
        }
    }

    int pendingCount() {
        return pending.size();
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
