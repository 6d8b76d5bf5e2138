package io.weft.apps.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.weft.topology.Topology;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document describes exactly the routes the server has: every route is documented, and every
 * documented operation exists. Routes come from the server's own {@link RouteTable}, so a new handler without
 * documentation (or documentation of a removed one) fails here. The document's own route is in both.
 */
class OpenApiRoutesTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head",
            "patch", "trace");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private final JsonNode document = parse(OpenApiDocument.load());

    private static JsonNode parse(String yaml) {
        try {
            return new YAMLMapper().readTree(yaml);
        } catch (java.io.IOException e) {
            throw new AssertionError("openapi.yaml is not valid YAML", e);
        }
    }

    @Test
    void documentedOperationsAreExactlyTheServersRoutes() {
        RestServer server = new RestServer(Topology.inMemory(), host -> Optional.empty(), "127.0.0.1", 0);
        Set<Route> served = new HashSet<>(server.routes());

        assertThat(documentedRoutes()).containsExactlyInAnyOrderElementsOf(served);
        assertThat(served).contains(new Route("GET", ApiPaths.OPENAPI));
    }

    @Test
    void isOpenApi30WithInfo() {
        assertThat(document.path("openapi").asText()).startsWith("3.0.");
        assertThat(document.path("info").path("title").asText()).isNotBlank();
        assertThat(document.path("info").path("version").asText()).isNotBlank();
    }

    @Test
    void everyPathParameterIsDeclared() {
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            Set<String> inTemplate = new HashSet<>();
            Matcher matcher = PATH_PARAMETER.matcher(path.getKey());
            while (matcher.find()) {
                inTemplate.add(matcher.group(1));
            }
            assertThat(declaredPathParameters(path.getValue())).as(path.getKey()).isEqualTo(inTemplate);
        }
    }

    @Test
    void everyReferenceResolves() {
        assertReferencesResolve(document);
    }

    private Set<Route> documentedRoutes() {
        Set<Route> routes = new HashSet<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Iterator<String> keys = path.getValue().fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (HTTP_METHODS.contains(key)) {
                    routes.add(new Route(key.toUpperCase(Locale.ROOT), path.getKey()));
                }
            }
        }
        return routes;
    }

    private Set<String> declaredPathParameters(JsonNode pathItem) {
        Set<String> names = new HashSet<>();
        for (JsonNode parameter : pathItem.path("parameters")) {
            JsonNode resolved = resolve(parameter);
            if (resolved.path("in").asText().equals("path")) {
                names.add(resolved.path("name").asText());
            }
        }
        return names;
    }

    private JsonNode resolve(JsonNode node) {
        if (!node.has("$ref")) {
            return node;
        }
        String ref = node.get("$ref").asText();
        assertThat(ref).startsWith("#/");
        JsonNode target = document.at(ref.substring(1));
        assertThat(target.isMissingNode()).as("reference %s", ref).isFalse();
        return target;
    }

    private void assertReferencesResolve(JsonNode node) {
        if (node.has("$ref")) {
            resolve(node);
        }
        node.forEach(this::assertReferencesResolve);
    }
}
