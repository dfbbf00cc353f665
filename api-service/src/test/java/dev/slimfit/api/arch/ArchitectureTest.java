package dev.slimfit.api.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The module rules of docs/architecture.md, checked on the compiled classes. */
class ArchitectureTest {

    private static final JavaClasses API = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.slimfit.api");

    private static final JavaClasses CORE = new ClassFileImporter().importPackages("dev.slimfit.core");

    @Test
    void apiServiceDoesNotDependOnDjl() {
        noClasses().should().dependOnClassesThat().resideInAPackage("ai.djl..")
                .because("the API runs without a deep-learning engine; training lives in workers")
                .check(API);
    }

    @Test
    void searchCoreDependsOnNoFramework() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..",
                        "javax.persistence..", "tools.jackson..", "com.fasterxml..", "org.hibernate..", "ai.djl..",
                        "dev.slimfit.api..")
                .because("search-core is a plain library shared by every deployable")
                .check(CORE);
    }

    @Test
    void searchCoreIsActuallyOnTheClasspath() {
        // Guards the rule above against passing vacuously on an empty import.
        org.assertj.core.api.Assertions.assertThat(CORE.stream().count()).isGreaterThan(10);
        org.assertj.core.api.Assertions.assertThat(API.stream().count()).isGreaterThan(10);
    }

    @Test
    void featuresUseOtherFeaturesOnlyThroughTheirPublicEdges() {
        noClasses().that().resideInAnyPackage("dev.slimfit.api.job..", "dev.slimfit.api.space..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.slimfit.api.auth..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("Caller"))))
                .because("a feature sees another only through its published types")
                .check(API);
    }
}
