package dev.slimfit.worker.method;

import dev.slimfit.core.contract.MethodCatalog;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.worker.method.ows.OwsMethod;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MethodRegistryTest {

    @Test
    void theWorkerRunsExactlyTheMethodsTheCatalogueCallsImplemented() {
        // The API refuses at submit what the catalogue does not list as implemented; a worker lacking one of those
        // would fail jobs only after claiming them.
        assertThat(MethodRegistry.builtIn().methods()).isEqualTo(MethodCatalog.implemented());
    }

    @Test
    void everyRegisteredMethodHasUniquelyNamedPhases() {
        for (SearchMethod method : MethodRegistry.builtIn().methods()) {
            List<String> names = MethodRegistry.builtIn().find(method).orElseThrow().phases().stream()
                    .map(Phase::name).toList();
            assertThat(names).as(method.name()).isNotEmpty().doesNotHaveDuplicates();
        }
    }

    @Test
    void aMethodCannotBeRegisteredTwice() {
        assertThatThrownBy(() -> MethodRegistry.of(List.of(OwsMethod.ows(), OwsMethod.ows())))
                .hasMessageContaining("OWS");
    }
}
