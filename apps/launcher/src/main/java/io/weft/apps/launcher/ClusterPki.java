package io.weft.apps.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.apps.cluster.EtcdClient;
import io.weft.apps.cluster.LeaderFence;
import io.weft.apps.security.CertificateAuthority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the controllers of a cluster with {@code --tls} share through etcd, beside the topology: the CA (every member
 * serves the same one, so a host's certificate is good at each, and each member issues its own server certificate
 * from it) and the REST API's token file (a token made at one leader works at the next). Each member keeps its copy
 * in its data directory's {@code pki/} as a lone controller does; etcd holds the cluster's.
 *
 * <p>etcd then holds the CA's private key: whoever can read etcd can issue host certificates. Protect etcd's client
 * port as the controllers' own (docs/cluster.md).
 */
final class ClusterPki {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterPki.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CA_KEY = "_cluster/pki/ca";
    static final String TOKENS_KEY = "_cluster/pki/api-tokens";

    private final EtcdClient etcd;
    private final String prefix;
    private final Path pki;

    ClusterPki(EtcdClient etcd, String prefix, Path pki) {
        this.etcd = etcd;
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        this.pki = pki;
    }

    /**
     * Makes the local CA the cluster's: the one etcd holds, or, for the first member, its own (created if need be),
     * published with a transaction that only the first can win. A data directory that already holds another CA is
     * refused: its hosts' certificates would not be the cluster's.
     */
    void shareCa() {
        Path cert = pki.resolve(CertificateAuthority.CA_CERT);
        Path key = pki.resolve(CertificateAuthority.CA_KEY);
        boolean hadLocal = Files.exists(cert) && Files.exists(key);
        Optional<EtcdClient.KeyValue> shared = etcd.get(prefix + CA_KEY);
        if (shared.isEmpty()) {
            CertificateAuthority.openOrCreate(pki, Clock.systemUTC());
            byte[] mine = JSON.createObjectNode().put("cert", read(cert)).put("key", read(key)).toString()
                    .getBytes(StandardCharsets.UTF_8);
            EtcdClient.TxnResult published = etcd.txn(new EtcdClient.Txn().ifCreateRevision(prefix + CA_KEY, 0)
                    .thenPut(prefix + CA_KEY, mine, 0).elseGet(prefix + CA_KEY));
            if (published.succeeded()) {
                LOG.info("this member's CA is the cluster's now (published in etcd)");
                return;
            }
            shared = EtcdClient.rangeResponse(published.responses(), 0).stream().findFirst();
            if (!hadLocal) {
                // Ours was made a moment ago and another member published first: take theirs.
                delete(cert);
                delete(key);
            }
        }
        JsonNode ca = parse(shared.orElseThrow().value());
        String sharedCert = ca.path("cert").asText();
        if (Files.exists(cert) && !read(cert).equals(sharedCert)) {
            throw new IllegalStateException(pki + " holds another CA than the cluster's (in etcd): a member joins"
                    + " with an empty data directory, or with the cluster's CA (docs/cluster.md)");
        }
        write(cert, sharedCert, false);
        write(key, ca.path("key").asText(), true);
        // A server certificate of another CA would not be trusted by hosts of this one.
        if (!hadLocal) {
            delete(pki.resolve("controller-cert.pem"));
            delete(pki.resolve("controller-key.pem"));
        }
        LOG.info("the cluster's CA (from etcd) is this member's");
    }

    /** The cluster's token file as the leader last published it, if it has. */
    Optional<String> tokensText() {
        return etcd.get(prefix + TOKENS_KEY).map(kv -> new String(kv.value(), StandardCharsets.UTF_8));
    }

    /** The leader starts from the cluster's token file, if there is one yet (else its own first admin token is). */
    void fetchTokens() {
        etcd.get(prefix + TOKENS_KEY).ifPresent(kv -> write(pki.resolve(RestTokens.TOKEN_FILE),
                new String(kv.value(), StandardCharsets.UTF_8), true));
    }

    /** After the leader changed its token file: the cluster's copy, written only while it leads. */
    void publishTokens(LeaderFence fence) {
        String text = read(pki.resolve(RestTokens.TOKEN_FILE));
        long f = fence.fence().orElseThrow(() -> new IllegalStateException("not the leader"));
        if (!etcd.txn(new EtcdClient.Txn().ifCreateRevision(fence.leaderKey(), f)
                .thenPut(prefix + TOKENS_KEY, text.getBytes(StandardCharsets.UTF_8), 0)).succeeded()) {
            fence.lost("fenced while publishing the API tokens");
            throw new IllegalStateException("fenced: another controller leads; the token change is not shared");
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException("the cluster's CA in etcd is unreadable: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String text, boolean secret) {
        try {
            Files.createDirectories(file.getParent());
            CertificateAuthority.writeAtomically(file, text, secret);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
