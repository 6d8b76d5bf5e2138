package io.weft.apps.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The hand-written OpenAPI 3.0 description of API v1, shipped as a resource next to this class. */
final class OpenApiDocument {
    static final String RESOURCE = "openapi.yaml";
    static final String CONTENT_TYPE = "application/yaml";

    private OpenApiDocument() {
    }

    /** The document's text; it is part of the jar, so a missing resource is a build error. */
    static String load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
