package io.weft.apps.rest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The topology page at {@code /ui/}: three static files from the jar (no build toolchain), which poll {@code GET
 * /api/v1/topology} with the caller's token. The files hold no data, so they are served to anyone; the data behind
 * them needs a token like any other read. A strict Content-Security-Policy: the page loads nothing from elsewhere.
 */
final class TopologyPage {
    static final String PATH = "/ui/";
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "topology.js", "text/javascript; charset=utf-8",
            "topology.css", "text/css; charset=utf-8");

    private TopologyPage() {
    }

    static void registerInto(RoutesConfig routes) {
        FILES.forEach((name, type) -> {
            byte[] body = load(name);
            io.javalin.http.Handler serve = ctx -> ctx.status(200).contentType(type)
                    .header("Content-Security-Policy", POLICY).header("X-Content-Type-Options", "nosniff")
                    .header("Cache-Control", "no-cache").result(body);
            routes.addHttpHandler(HandlerType.GET, PATH + name, serve);
            if (name.equals("index.html")) {
                // Javalin matches /ui and /ui/ alike; the page's relative links need the slash.
                routes.addHttpHandler(HandlerType.GET, "/ui", ctx -> {
                    if (ctx.path().endsWith("/")) {
                        serve.handle(ctx);
                    } else {
                        ctx.redirect(PATH);
                    }
                });
            }
        });
    }

    private static byte[] load(String name) {
        try (InputStream in = TopologyPage.class.getResourceAsStream("/weft-ui/" + name)) {
            if (in == null) {
                throw new IllegalStateException("weft-ui/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
