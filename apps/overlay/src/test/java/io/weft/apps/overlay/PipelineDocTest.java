package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/pipeline.md cannot drift from the code: its tables are the pipeline's tables, with the same ids and names, and
 * the (table, priority) pairs its rows document are exactly those the golden scenarios' flows use (the golden files
 * are themselves checked against the pipeline by {@link GoldenFlowsTest}).
 */
class PipelineDocTest {
    private static final Path DOC = Path.of("../../docs/pipeline.md");
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Pattern HEADING = Pattern.compile("^### (\\d+) ([A-Z0-9_]+)$");
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\|");
    private static final Pattern FLOW = Pattern.compile("^table=(\\d+), priority=(\\d+)");

    @Test
    void theDocumentedTablesAreThePipelinesTables() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                documented.add(m.group(1) + " " + m.group(2));
            }
        }
        Set<String> code = Arrays.stream(OverlayTable.values()).map(t -> t.id().value() + " " + t.name())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(code);
    }

    @Test
    void everyDocumentedPriorityIsOneTheFlowsUseAndTheOtherWayRound() throws IOException {
        Set<String> documented = new TreeSet<>();
        String table = null;
        for (String line : Files.readAllLines(DOC)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                table = heading.group(1);
                continue;
            }
            if (line.startsWith("## ")) {
                table = null;
            }
            Matcher row = ROW.matcher(line);
            if (table != null && row.find()) {
                documented.add("table " + table + " priority " + row.group(1));
            }
        }
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(GOLDEN)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".flows")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    Matcher flow = FLOW.matcher(line);
                    if (flow.find()) {
                        used.add("table " + flow.group(1) + " priority " + flow.group(2));
                    }
                }
            }
        }
        assertThat(used).as("golden flows' table/priority pairs").isNotEmpty();
        assertThat(documented).isEqualTo(used);
    }
}
