package io.weft.apps.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error page, for requests it refuses before Javalin sees them (an undecodable or ambiguous URI, an
 * unparsable request line, headers too large): the same problem+json as every other error, never HTML or a
 * stack trace.
 */
final class JettyProblemErrorHandler extends ErrorHandler {
    private final ObjectMapper mapper;

    JettyProblemErrorHandler(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(problem(code, message)), callback);
    }

    private byte[] problem(int status, String message) {
        String detail = message == null || message.isBlank() ? HttpStatusTitles.titleOf(status) : message;
        try {
            return mapper.writeValueAsBytes(Problem.of(status, detail));
        } catch (JsonProcessingException e) {
            // A four-field record of strings and an int always serializes; keep a fixed answer just in case.
            return ("{\"type\":\"about:blank\",\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
