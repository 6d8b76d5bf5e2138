package io.weft.apps.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.topology.Host;
import io.weft.topology.Topology;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** While admission hands out keys over plain HTTP, it is served only to clients on the controller's machine. */
class AdmissionFromAfarTest {
    private final List<String> admitted = new CopyOnWriteArrayList<>();

    @Test
    void admissionAndRemovalFromAnotherAddressAre403AndChangeNothing() throws Exception {
        Topology topology = Topology.inMemory();
        HostAdmission localOnly = new HostAdmission() {
            @Override
            public AdmittedHost admit(String name) {
                admitted.add(name);
                return new AdmittedHost(topology.upsertHost(Host.named(name)), "cert", "key", "ca");
            }

            @Override
            public Optional<Host> remove(String name) {
                return topology.removeHost(name);
            }

            @Override
            public boolean onlyFromThisMachine() {
                return true;
            }
        };
        String afar = nonLoopbackAddress();
        try (RestServer server = new RestServer(topology, host -> Optional.empty(), localOnly, "0.0.0.0", 0)) {
            int port = server.start();
            HttpResponse<String> fromAfar = post("http://" + afar + ":" + port + "/api/v1/hosts");
            ProblemAssert.assertProblem(fromAfar, 403, "served only on the controller's own machine");
            assertThat(admitted).isEmpty();
            assertThat(topology.hosts()).isEmpty();

            assertThat(post("http://127.0.0.1:" + port + "/api/v1/hosts").statusCode()).isEqualTo(201);
            assertThat(admitted).containsExactly("node1");
            HttpResponse<String> removeFromAfar = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + afar + ":" + port + "/api/v1/hosts/node1")).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            ProblemAssert.assertProblem(removeFromAfar, 403, "served only on the controller's own machine");
            assertThat(topology.host("node1")).isPresent();
        }
    }

    private static HttpResponse<String> post(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"node1\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An address of this machine that is not loopback (its network interface), to be a client from afar. */
    private static String nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : nic.inetAddresses().toList()) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address.getHostAddress();
                }
            }
        }
        throw new AssertionError("this machine has no non-loopback IPv4 address to test from");
    }
}
