package io.weft.apps.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The overlay's classes read one way: the per-table recipes at the leaves, the parts composed from them above,
 * the index and the app on top; no two classes need each other. A cycle here is how a "pure" recipe ends up
 * knowing about the index that feeds it. Nested classes count as their top-level class; subpackages (dns, hosts)
 * count as one node each.
 */
class OverlayReadsOneWayTest {
    private static final String OVERLAY = "io.weft.apps.overlay";

    @Test
    void theOverlaysClassesHaveNoDependencyCycle() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(OVERLAY);
        Map<String, Set<String>> graph = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = node(c);
            graph.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass();
                if (target.getPackageName().startsWith(OVERLAY) && !node(target).equals(from)) {
                    graph.get(from).add(node(target));
                }
            }
        }
        assertThat(graph).hasSizeGreaterThan(20);
        assertThat(cycles(graph)).as("strongly connected groups of overlay classes").isEmpty();
    }

    /** A top-level class of the overlay package, or a subpackage as a whole. */
    private static String node(JavaClass c) {
        String pkg = c.getPackageName();
        if (!pkg.equals(OVERLAY)) {
            return pkg.substring(OVERLAY.length() + 1).split("\\.")[0] + "/";
        }
        String name = c.getName().substring(pkg.length() + 1);
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    /** Tarjan's strongly connected components, keeping those with more than one member. */
    private static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        List<String> stack = new ArrayList<>();
        List<Set<String>> out = new ArrayList<>();
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, out);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, List<String> stack, List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.remove(stack.size() - 1);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }
}
