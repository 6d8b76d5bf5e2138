package io.weft.apps.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the request bodies of every write of the API: mutated valid bodies (wrong types, unknown fields, duplicate
 * keys, deep nesting, odd strings and numbers, truncation, non-UTF-8 bytes). Every answer is a 2xx or a 4xx
 * problem+json: never a 500, never a stack trace. A longer run:
 * {@code mvn -pl apps/rest test -Dtest=RequestBodyFuzzTest -Djqwik.tries.default=20000}.
 */
class RequestBodyFuzzTest {
    private static final List<String> PATHS = List.of("/api/v1/networks", "/api/v1/networks/net1/endpoints",
            "/api/v1/hosts", "/api/v1/tokens", "/api/v1/routers");
    private static final List<String> SEEDS = List.of(
            "{\"name\":\"n%d\",\"subnet\":\"10.%d.0.0/24\"}",
            "{\"name\":\"n%d\",\"subnet\":\"10.%d.0.0/24\",\"gateway\":\"10.1.0.1\",\"mtu\":1450,\"vni\":300}",
            "{\"name\":\"e%d\",\"host\":\"node-a\",\"ip\":\"10.1.0.%d\",\"mac\":\"02:42:0a:01:00:05\"}",
            "{\"name\":\"node%d\"}",
            "{\"scope\":\"host:node%d\",\"description\":\"x\"}");
    private static ApiFixture api;

    @BeforeContainer
    static void start() {
        api = new ApiFixture();
        assertThat(api.post("/api/v1/networks", "{\"name\":\"net1\",\"subnet\":\"10.1.0.0/24\"}").statusCode())
                .isEqualTo(201);
    }

    @AfterContainer
    static void stop() {
        api.close();
    }

    @Property
    void everyBodyGetsA2xxOrAProblem(@ForAll("bodies") byte[] body, @ForAll("paths") String path) {
        HttpResponse<String> response = api.send("POST", path, "application/json", body);
        int status = response.statusCode();
        assertThat(status).as(() -> new String(body, StandardCharsets.UTF_8) + " -> " + response.body())
                .isLessThan(500);
        if (status >= 400) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of(PATHS);
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.randomValue(RequestBodyFuzzTest::mutate);
    }

    private static byte[] mutate(Random random) {
        int n = random.nextInt(250);
        String text = String.format(SEEDS.get(random.nextInt(SEEDS.size())), n, n);
        for (int e = random.nextInt(4); e > 0; e--) {
            int at = random.nextInt(text.length() + 1);
            String insert = switch (random.nextInt(10)) {
                case 0 -> "\"x\":1,";
                case 1 -> "{";
                case 2 -> "]";
                case 3 -> "1e999999";
                case 4 -> "\"\\ud800\"";
                case 5 -> "null";
                case 6 -> "\"name\":\"dup\",";
                case 7 -> "[".repeat(1 + random.nextInt(2000));
                case 8 -> "\"mtu\":-99999999999999999999,";
                default -> "\u00e9\u4e2d";
            };
            text = random.nextBoolean() ? text.substring(0, at) + insert + text.substring(at) : text.substring(0, at);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(10) == 0 && bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80)); // not UTF-8
        }
        return bytes;
    }
}
