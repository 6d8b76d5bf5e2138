package io.weft.apps.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.util.Objects;

/** Writes response bodies: JSON views, plain text and problem details. */
final class ResponseWriter {
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final ObjectMapper mapper;

    ResponseWriter(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType(JSON).result(serialize(body));
    }

    void text(Context ctx, String body) {
        ctx.status(200).contentType(TEXT).result(body);
    }

    void noContent(Context ctx) {
        ctx.status(204).result("");
    }

    void problem(Context ctx, int status, String detail) {
        ctx.status(status).contentType(Problem.CONTENT_TYPE).result(serialize(Problem.of(status, detail)));
    }

    /** JSON is UTF-8 (RFC 8259): written as bytes, so no container default (ISO-8859-1) can re-encode it. */
    private byte[] serialize(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // Only our own view records are written; failing to serialize one is a bug.
            throw new UncheckedIOException(e);
        }
    }
}
