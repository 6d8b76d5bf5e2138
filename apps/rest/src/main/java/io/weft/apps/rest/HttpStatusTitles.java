package io.weft.apps.rest;

import io.javalin.http.HttpStatus;

/** Standard reason phrases, used as problem titles. */
final class HttpStatusTitles {
    private HttpStatusTitles() {
    }

    static String titleOf(int status) {
        HttpStatus known = HttpStatus.forStatus(status);
        return known == HttpStatus.UNKNOWN ? "HTTP " + status : known.getMessage();
    }
}
