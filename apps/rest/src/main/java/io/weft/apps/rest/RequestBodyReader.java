package io.weft.apps.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads a request body as one JSON object, refusing with a precise problem anything else: a wrong content type
 * (415), a body over its limit, {@link #MAX_BODY_BYTES} for most routes (413), or a body that is empty, malformed, has duplicate keys or
 * trailing data, or is not an object (400). Field checks are left to {@link JsonFields}.
 */
final class RequestBodyReader {
    /** Far above any real request (a network or endpoint is a few hundred bytes), low enough to bound parsing. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** A batch of {@link io.weft.topology.Topology#MAX_BATCH} endpoints of a few hundred bytes each, with room. */
    static final int MAX_BATCH_BODY_BYTES = 1024 * 1024;
    private static final long MAX_DRAINED_BYTES = 4L << 20;
    private static final String JSON = "application/json";

    private final ObjectMapper mapper;

    /** {@code mapper} must fail on duplicate keys and trailing tokens, see {@link RestServer}. */
    RequestBodyReader(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    ObjectNode readObject(Context ctx) {
        return readObject(ctx, MAX_BODY_BYTES);
    }

    /** As {@link #readObject(Context)}, with a larger limit for the one route that takes many items at once. */
    ObjectNode readObject(Context ctx, int maxBytes) {
        requireJsonContentType(ctx.header("Content-Type"));
        byte[] body = readLimited(ctx, maxBytes);
        if (body.length == 0) {
            throw ApiProblemException.badRequest("request body is empty; expected a JSON object");
        }
        JsonNode node = parse(body);
        if (node == null || node.isMissingNode()) {
            throw ApiProblemException.badRequest("request body is blank; expected a JSON object");
        }
        if (node.getNodeType() != JsonNodeType.OBJECT) {
            throw ApiProblemException.badRequest("request body must be a JSON object, got "
                    + JsonFields.describeType(node));
        }
        return (ObjectNode) node;
    }

    private static void requireJsonContentType(String header) {
        if (header == null || header.isBlank()) {
            throw new ApiProblemException(415, "Content-Type header is missing; send " + JSON);
        }
        String[] parts = header.split(";");
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(JSON)) {
            throw new ApiProblemException(415, "unsupported Content-Type '" + header.trim() + "'; send " + JSON);
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase("charset")) {
                String charset = parameter.substring(equals + 1).trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8")) {
                    throw new ApiProblemException(415, "unsupported charset '" + charset + "'; send UTF-8 JSON");
                }
            }
        }
    }

    private static byte[] readLimited(Context ctx, int maxBytes) {
        try (InputStream in = ctx.req().getInputStream()) {
            long declared = ctx.req().getContentLengthLong();
            if (declared > maxBytes) {
                drain(in);
                throw tooLarge(maxBytes);
            }
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                drain(in);
                throw tooLarge(maxBytes);
            }
            return body;
        } catch (IOException e) {
            throw ApiProblemException.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    /**
     * Reads and drops the rest of a refused body (up to {@link #MAX_DRAINED_BYTES}) so that the client,
     * still sending, gets to read the 413 instead of a reset connection. A larger body is not worth
     * reading: the connection is closed and that client sees an error.
     */
    private static void drain(InputStream in) throws IOException {
        byte[] sink = new byte[8192];
        long total = 0;
        int n;
        while (total < MAX_DRAINED_BYTES && (n = in.read(sink)) > 0) {
            total += n;
        }
    }

    private static ApiProblemException tooLarge(int maxBytes) {
        return new ApiProblemException(413, "request body is larger than " + maxBytes + " bytes");
    }

    private JsonNode parse(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblemException.badRequest("malformed JSON" + where(e.getLocation()) + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiProblemException.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
