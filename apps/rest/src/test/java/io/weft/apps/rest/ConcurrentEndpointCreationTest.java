package io.weft.apps.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Eight clients creating 1000 endpoints in parallel get 1000 distinct IPs and MACs. */
class ConcurrentEndpointCreationTest {
    private static final int CLIENTS = 8;
    private static final int PER_CLIENT = 125;

    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void parallelCreationNeverHandsOutAnAddressTwice() throws Exception {
        api.createNetwork("{\"name\":\"big\",\"subnet\":\"10.20.0.0/16\"}");
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<HttpResponse<String>>>> results = new ArrayList<>();
        try {
            for (int client = 0; client < CLIENTS; client++) {
                results.add(pool.submit(createEndpoints(client)));
            }
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<List<HttpResponse<String>>> result : results) {
                responses.addAll(result.get(100, TimeUnit.SECONDS));
            }

            Set<String> ips = new HashSet<>();
            Set<String> macs = new HashSet<>();
            for (HttpResponse<String> response : responses) {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                JsonNode endpoint = api.parse(response.body());
                ips.add(endpoint.get("ip").asText());
                macs.add(endpoint.get("mac").asText());
            }
            assertThat(responses).hasSize(CLIENTS * PER_CLIENT);
            assertThat(ips).hasSize(CLIENTS * PER_CLIENT);
            assertThat(macs).hasSize(CLIENTS * PER_CLIENT);
            assertThat(api.topology.endpoints("big")).hasSize(CLIENTS * PER_CLIENT);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One client with its own connection pool, creating its share of endpoints one after the other. */
    private Callable<List<HttpResponse<String>>> createEndpoints(int client) {
        return () -> {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (int i = 0; i < PER_CLIENT; i++) {
                String body = "{\"name\":\"c" + client + "-" + i + "\",\"host\":\""
                        + (i % 2 == 0 ? ApiFixture.HOST_A : ApiFixture.HOST_B) + "\"}";
                HttpRequest request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/networks/big/endpoints"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString(body))
                        .build();
                responses.add(http.send(request, BodyHandlers.ofString()));
            }
            return responses;
        };
    }
}
