package io.weft.apps.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.Objects;

/** Where a command prints: JSON as the API sent it (indented), tables, or plain lines. */
final class Output {
    private final PrintWriter out;
    private final ObjectMapper json;

    Output(PrintWriter out, ObjectMapper json) {
        this.out = Objects.requireNonNull(out, "out");
        this.json = Objects.requireNonNull(json, "json");
    }

    void json(JsonNode value) {
        try {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new CliFailure("cannot print the answer: " + e.getOriginalMessage());
        }
    }

    void table(Table table) {
        table.lines().forEach(out::println);
    }

    void line(String text) {
        out.println(text);
    }

    /** Prints {@code text} as is, ending it with a newline unless it is empty or already ends with one. */
    void text(String text) {
        out.print(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            out.println();
        }
    }
}
