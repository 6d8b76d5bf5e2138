package io.weft.apps.provisioning;

import io.weft.ovsdb.OvsdbClient;
import io.weft.ovsdb.OvsdbConnectionHandler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Provisions every host that connects over OVSDB (passive or active): br-int with Weft as its
 * OpenFlow controller and the VXLAN tunnel port, kept so as long as the host stays connected.
 */
public final class HostProvisioner implements OvsdbConnectionHandler {
    private final ProvisioningConfig config;
    private final HostAuthenticator authenticator;
    private final HostObserver observer;
    private final ScheduledExecutorService scheduler;
    private final Map<OvsdbClient, HostSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger transactions = new AtomicInteger();

    public HostProvisioner(ProvisioningConfig config, HostObserver observer, ScheduledExecutorService scheduler) {
        this(config, HostAuthenticator.ANY, observer, scheduler);
    }

    public HostProvisioner(ProvisioningConfig config, HostAuthenticator authenticator, HostObserver observer,
                           ScheduledExecutorService scheduler) {
        this.config = config;
        this.authenticator = authenticator;
        this.observer = observer;
        this.scheduler = scheduler;
    }

    @Override
    public void connected(OvsdbClient client) {
        HostSession session = new HostSession(client, config, authenticator, observer, scheduler, transactions);
        sessions.put(client, session);
        session.start();
    }

    @Override
    public void disconnected(OvsdbClient client) {
        HostSession session = sessions.remove(client);
        if (session != null) {
            session.closed();
        }
    }

    /** Hosts currently connected, as last published. */
    public List<HostStatus> hosts() {
        return sessions.values().stream().map(HostSession::status).flatMap(Optional::stream).toList();
    }

    /**
     * Marks the interface of {@code ifaceId} on that host as installed. Completes once the host confirmed it; never
     * if the host is not connected or refused it (logged), since then the mark is not there.
     */
    public CompletableFuture<Void> markInstalled(String hostName, String ifaceId) {
        return CompletableFuture.anyOf(sessions.values().stream()
                        .filter(s -> s.status().map(st -> st.name().equals(hostName)).orElse(false))
                        .map(s -> s.markInstalled(ifaceId)).toArray(CompletableFuture[]::new))
                .thenApply(any -> null);
    }

    /** Closes every OVSDB session of that host (it was removed: its certificate no longer admits it). */
    public void disconnect(String hostName) {
        sessions.forEach((client, session) -> {
            if (session.status().map(st -> st.name().equals(hostName)).orElse(false)) {
                client.close();
            }
        });
    }

    /** Provisioning transactions sent since start (a host already in shape costs none). */
    public int transactionsSent() {
        return transactions.get();
    }
}
