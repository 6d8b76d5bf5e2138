package io.weft.apps.overlay.dns;

import io.weft.apps.overlay.OverlayTable;
import io.weft.controller.SwitchHandle;
import io.weft.controller.SwitchListener;
import io.weft.controller.flow.Action;
import io.weft.controller.flow.ReceivedPacket;
import io.weft.topology.Endpoint;
import io.weft.topology.Network;
import io.weft.topology.Topology;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS at every network's gateway address, answered by the controller: the pipeline sends a local endpoint's UDP
 * queries to its gateway's port 53 here (docs/pipeline.md, table 30 priority 97), and the answer goes back out of
 * the port the query came in on. Weft's names are answered from the topology ({@link NetworkNames}); other names
 * go to the upstream resolver, if there is one, or are refused.
 *
 * <p>Who asks is the endpoint OVS reports on that port; a frame whose addresses are not that endpoint's and its
 * gateway's is dropped (port security has already checked the source). Bounded: a queue of
 * {@link #QUEUE} queries for one worker thread, {@link #QUERIES_PER_SECOND} per host with a burst of as many, and the
 * upstream's own bound; queries beyond them are dropped, which a resolver retries.
 */
public final class DnsResponder implements SwitchListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsResponder.class);
    static final int QUEUE = 4096;
    static final int QUERIES_PER_SECOND = 2000;
    /** Endpoints come and go: resolvers must not keep an answer long. */
    static final int TTL_SECONDS = 5;
    private static final int DNS_PORT = 53;

    private final Topology topology;
    private final Optional<UpstreamResolver> upstream;
    private final ThreadPoolExecutor worker;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets = new HashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private NetworkNames names;

    /**
     * @param upstream where names that are not Weft's are forwarded (the controller machine's resolver); empty to
     *                 refuse them
     */
    public DnsResponder(Topology topology, Optional<InetSocketAddress> upstream) throws SocketException {
        this(topology, upstream, System::nanoTime);
    }

    DnsResponder(Topology topology, Optional<InetSocketAddress> upstream, LongSupplier nanoClock)
            throws SocketException {
        this.topology = topology;
        this.upstream = upstream.isPresent() ? Optional.of(new UpstreamResolver(upstream.get())) : Optional.empty();
        this.nanoClock = nanoClock;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> new Thread(r, "dns"), (r, executor) -> dropped.incrementAndGet());
        LOG.info("dns: answering at every network's gateway; other names {}", upstream.map(u -> "forwarded to "
                + u.getHostString() + ":" + u.getPort()).orElse("refused (no upstream resolver)"));
    }

    @Override
    public void packetReceived(SwitchHandle sw, ReceivedPacket packet) {
        if (!packet.table().equals(OverlayTable.L2_FORWARDING.id())) {
            return; // only the gateway's DNS flow sends from this table; tunnel probes (table 0) are another listener's
        }
        worker.execute(() -> handle(sw, packet));
    }

    private void handle(SwitchHandle sw, ReceivedPacket packet) {
        Optional<UdpFrame> frame = UdpFrame.parse(packet.frame());
        if (frame.isEmpty() || frame.get().dstPort() != DNS_PORT) {
            return;
        }
        NetworkNames index = names();
        Optional<Endpoint> asker = index.endpointAt(sw.datapathId(), (int) packet.inPort().value());
        Optional<Network> network = asker.flatMap(e -> index.network(e.network()));
        if (network.isEmpty() || frame.get().srcIp() != asker.get().ip()
                || frame.get().dstIp() != network.get().gateway()) {
            LOG.debug("dpid={} port {}: a DNS frame from no endpoint of that port, or not to its gateway: dropped",
                    sw.datapathId(), packet.inPort());
            return;
        }
        String host = asker.get().binding().orElseThrow().host();
        if (!buckets.computeIfAbsent(host, h -> new TokenBucket(QUERIES_PER_SECOND)).take(nanoClock.getAsLong())) {
            dropped.incrementAndGet();
            return;
        }
        Optional<DnsQuery> query = DnsQuery.parse(frame.get().payload());
        if (query.isEmpty()) {
            return;
        }
        UdpFrame from = frame.get();
        long inPort = packet.inPort().value();
        answer(network.get(), query.get(), from.payload(), answer -> sw.sendPacket(List.of(Action.output(inPort)),
                from.reply(answer)));
    }

    private void answer(Network network, DnsQuery query, byte[] message, java.util.function.Consumer<byte[]> reply) {
        NetworkNames.Lookup lookup = names().lookup(network.name(), query.name());
        switch (lookup.kind()) {
            case FOUND -> reply.accept(query.answer(DnsQuery.NOERROR, lookup.addresses(), TTL_SECONDS));
            case NO_SUCH_NAME -> reply.accept(query.answer(DnsQuery.NXDOMAIN, List.of(), TTL_SECONDS));
            case REFUSED -> reply.accept(query.answer(DnsQuery.REFUSED, List.of(), 0));
            case ELSEWHERE -> upstream.ifPresentOrElse(u -> u.forward(query, message, reply),
                    () -> reply.accept(query.answer(DnsQuery.REFUSED, List.of(), 0)));
        }
    }

    /** The index of the current topology, rebuilt when it changed (once per change, whatever the query rate). */
    private NetworkNames names() {
        var snapshot = topology.snapshot();
        if (names == null || names.version() != snapshot.version()) {
            names = new NetworkNames(snapshot);
        }
        return names;
    }

    /** Queries dropped so far: over a host's rate, or with the queue full. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void switchConnected(SwitchHandle sw) {
    }

    @Override
    public void switchDisconnected(SwitchHandle sw) {
    }

    @Override
    public void close() {
        worker.shutdownNow();
        upstream.ifPresent(UpstreamResolver::close);
    }

    /** Where names that are not Weft's go by default: the first nameserver of the controller machine's resolv.conf. */
    public static Optional<InetSocketAddress> systemResolver(java.nio.file.Path resolvConf) {
        try {
            for (String line : java.nio.file.Files.readAllLines(resolvConf)) {
                String[] words = line.trim().split("\\s+");
                if (words.length >= 2 && words[0].equals("nameserver")) {
                    return Optional.of(new InetSocketAddress(words[1], DNS_PORT));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("dns: no resolver in {}: {}", resolvConf, e.toString());
        }
        return Optional.empty();
    }


    /** Per host: at most {@code rate} queries a second, with a burst of as many. */
    private static final class TokenBucket {
        private final double rate;
        private double tokens;
        private long last;

        TokenBucket(int rate) {
            this.rate = rate;
            this.tokens = rate;
            this.last = Long.MIN_VALUE;
        }

        boolean take(long now) {
            if (last != Long.MIN_VALUE) {
                tokens = Math.min(rate, tokens + (now - last) * rate / 1e9);
            }
            last = now;
            if (tokens < 1) {
                return false;
            }
            tokens--;
            return true;
        }
    }
}
