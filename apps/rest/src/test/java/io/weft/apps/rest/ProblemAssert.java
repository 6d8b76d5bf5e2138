package io.weft.apps.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;

/** Checks that a response is an RFC 9457 problem with the expected status and detail. */
final class ProblemAssert {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemAssert() {
    }

    static JsonNode assertProblem(HttpResponse<String> response, int status, String detailContains) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as("content type")
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem;
        try {
            problem = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("problem body is not JSON: " + response.body(), e);
        }
        assertThat(problem.isObject()).isTrue();
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).contains(detailContains);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return problem;
    }
}
