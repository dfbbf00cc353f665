package dev.slimfit.api.job;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.slimfit.api.auth.Caller;
import dev.slimfit.core.contract.MethodCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The search methods a job may name, from search-core's {@link MethodCatalog}, which the API validates against. */
@RestController
@RequestMapping("/api/v1/methods")
@Tag(name = "jobs")
class MethodController {

    @GetMapping
    @Operation(summary = "The search methods: implemented or not, the space and budget kinds each takes, "
            + "whether its results re-decode for other budgets")
    List<MethodCatalog.Entry> list(@Parameter(hidden = true) Caller caller) {
        caller.requireTeam();
        return MethodCatalog.all();
    }
}
