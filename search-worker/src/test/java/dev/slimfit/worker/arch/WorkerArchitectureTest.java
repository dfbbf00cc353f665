package dev.slimfit.worker.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The worker's seams, checked on the compiled classes. */
class WorkerArchitectureTest {

    private static final JavaClasses WORKER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.slimfit.worker");

    @Test
    void methodPackagesDoNotReachIntoEachOther() {
        SlicesRuleDefinition.slices().matching("dev.slimfit.worker.method.(*)..")
                .should().notDependOnEachOther()
                .because("a method is a plug-in: it uses the runner's seam and the shared training parts, never"
                        + " another method")
                .check(WORKER);
    }

    @Test
    void theSeamAndTheEngineKnowNoMethodButThroughTheRegistry() {
        noClasses().that().resideInAnyPackage("dev.slimfit.worker.search..", "dev.slimfit.worker.method")
                .and().doNotHaveSimpleName("MethodRegistry")
                .should().dependOnClassesThat().resideInAnyPackage("dev.slimfit.worker.method.*..")
                .because("adding a method means adding its package and one line in MethodRegistry")
                .check(WORKER);
    }

    @Test
    void sharedTrainingPartsDoNotDependOnTheRunnerOrTheService() {
        noClasses().that().resideInAnyPackage("dev.slimfit.worker.search.train..", "dev.slimfit.worker.search.nn..",
                        "dev.slimfit.worker.search.data..", "dev.slimfit.worker.search.sample..",
                        "dev.slimfit.worker.search.checkpoint..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.slimfit.worker.method..",
                        "org.springframework..")
                .check(WORKER);
    }

    @Test
    void theRulesSeeTheMethodPackages() {
        assertThat(WORKER.stream().filter(c -> c.getPackageName().startsWith("dev.slimfit.worker.method."))
                .map(c -> c.getPackageName()).distinct().count()).isGreaterThanOrEqualTo(2);
    }
}
