package io.weft.apps.launcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules of docs/architecture.md, enforced on every build. */
class ArchitectureTest {
    private static JavaClasses weft;

    @BeforeAll
    static void importClasses() {
        weft = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.weft");
    }

    @Test
    void loxiTypesStayInsideTheControllerWirePackage() {
        noClasses().that().resideOutsideOfPackage("io.weft.controller.loxi")
                .should().dependOnClassesThat().resideInAPackage("org.projectfloodlight..")
                .because("OpenFlowJ-Loxi is an implementation detail of the OpenFlow wire layer")
                .check(weft);
    }

    @Test
    void theWirePackageIsTheControllersOwn() {
        noClasses().that().resideOutsideOfPackage("io.weft.controller..")
                .should().dependOnClassesThat().resideInAPackage("io.weft.controller.loxi..")
                .because("the rest of Weft programs switches through io.weft.controller and its flow types;"
                        + " raw bytes for the benchmarks' floor come from io.weft.controller.WireFormat")
                .check(weft);
    }

    @Test
    void cookiesHashTheCanonicalTextNeverTheDisplayText() {
        noClasses().that().haveFullyQualifiedName("io.weft.controller.flow.CanonicalFlowText")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.weft.controller.flow.OfctlFormat")
                .orShould().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a display spelling (Field names and formats, PortNumber.toString, Values)",
                        (com.tngtech.archunit.core.domain.JavaMethodCall call) -> {
                            String owner = call.getTargetOwner().getName();
                            String name = call.getName();
                            return owner.equals("io.weft.controller.flow.Values")
                                    || owner.equals("io.weft.controller.flow.PortNumber") && name.equals("toString")
                                    || owner.equals("io.weft.controller.flow.Field") && java.util.Set.of("ofctlName",
                                    "setFieldName", "nxmName", "format").contains(name);
                        }))
                .because("a display fix must not re-cookie every flow on every host (CanonicalFlowText)")
                .check(weft);
        noClasses().that().haveFullyQualifiedName("io.weft.apps.overlay.OverlayCookie")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.weft.controller.flow.OfctlFormat")
                .check(weft);
    }

    @Test
    void southboundLibrariesKnowNothingOfTheDomainOrTheApps() {
        noClasses().that().resideInAnyPackage("io.weft.controller..", "io.weft.ovsdb..")
                .should().dependOnClassesThat().resideInAnyPackage("io.weft.apps..", "io.weft.topology..")
                .check(weft);
    }

    @Test
    void theListenerGuardsKnowNoOtherPartOfWeft() {
        noClasses().that().resideInAPackage("io.weft.netguard..")
                .should().dependOnClassesThat().resideInAnyPackage("io.weft.controller..", "io.weft.ovsdb..",
                        "io.weft.topology..", "io.weft.apps..")
                .because("both southbounds share them, and must not come to know each other through them")
                .check(weft);
    }

    @Test
    void controllerAndOvsdbDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("io.weft.controller..")
                .should().dependOnClassesThat().resideInAPackage("io.weft.ovsdb..").check(weft);
        noClasses().that().resideInAPackage("io.weft.ovsdb..")
                .should().dependOnClassesThat().resideInAPackage("io.weft.controller..").check(weft);
    }

    @Test
    void topologyDoesNoNetworkIo() {
        noClasses().that().resideInAPackage("io.weft.topology..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.weft.controller..",
                        "io.weft.ovsdb..", "io.weft.apps..", "java.net..")
                .check(weft);
    }

    @Test
    void nothingThatShipsUsesTheTestKit() {
        // The benchmarks module (io.weft.bench) may, and is not on this classpath; ShippedJarIT checks the jar itself.
        noClasses().that().resideOutsideOfPackage("io.weft.testkit..")
                .should().dependOnClassesThat().resideInAPackage("io.weft.testkit..")
                .because("the test kit starts private OVS and OVN instances: tests and benchmarks only")
                .check(weft);
    }

    @Test
    void prometheusTypesStayInTheObservabilityModule() {
        noClasses().that().resideOutsideOfPackage("io.weft.apps.observability..")
                .should().dependOnClassesThat().resideInAPackage("io.prometheus..")
                .because("the overlay, the store and the REST API report through their own small interfaces"
                        + " (OverlayObserver, Diagnostics); one module turns them into metrics")
                .check(weft);
        noClasses().that().resideInAnyPackage("io.weft.apps.overlay..", "io.weft.apps.rest..", "io.weft.topology..")
                .should().dependOnClassesThat().resideInAPackage("io.weft.apps.observability..")
                .check(weft);
    }

    @Test
    void theDockerPluginUsesTheRestApiAndOnlyTheTopologysValueTypes() {
        noClasses().that().resideInAPackage("io.weft.apps.docker..")
                .should().dependOnClassesThat().resideInAnyPackage("io.weft.controller..", "io.weft.ovsdb..",
                        "io.weft.apps.overlay..", "io.weft.apps.provisioning..", "io.weft.apps.rest..",
                        "io.weft.apps.security..", "io.weft.topology.store..")
                .because("the plugin runs on a host and talks to the controller over its REST API only")
                .check(weft);
        noClasses().that().resideInAPackage("io.weft.apps.docker..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "topology types other than its address values", (com.tngtech.archunit.core.domain.JavaClass c)
                                -> c.getPackageName().equals("io.weft.topology")
                                && !java.util.Set.of("Cidr", "Ipv4", "Network").contains(c.getSimpleName())))
                .check(weft);
    }
}
