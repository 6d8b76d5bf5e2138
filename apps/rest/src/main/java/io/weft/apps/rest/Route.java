package io.weft.apps.rest;

import java.util.Objects;

/**
 * One route of the API: an HTTP method and a path template whose {@code {name}} segments match any one segment,
 * written exactly as in the OpenAPI document.
 */
record Route(String method, String path) {

    Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }

    /** True if {@code requestPath} (no query string) fits the template, ignoring one trailing slash. */
    boolean matchesPath(String requestPath) {
        String[] template = segments(path);
        String[] actual = segments(requestPath);
        if (template.length != actual.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            boolean parameter = template[i].startsWith("{") && template[i].endsWith("}");
            if (parameter ? actual[i].isEmpty() : !template[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static String[] segments(String path) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return trimmed.split("/", -1);
    }
}
