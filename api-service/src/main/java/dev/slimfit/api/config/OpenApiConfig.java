package dev.slimfit.api.config;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;

/**
 * The OpenAPI document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}): title, build version, how to
 * authenticate, one bearer scheme applied to every operation, and the team API's tags first. Swagger UI offers the
 * groups {@code team}, {@code admin}, {@code internal} (workers and agents) and {@code all}; {@code /v3/api-docs}
 * itself stays the whole document.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String SECURITY_SCHEME = "bearer";

    /** Tags in the order readers should meet them: the team API, then administration, then machine internals. */
    static final List<String> TEAM_TAGS = List.of("jobs", "search spaces", "latency tables", "devices");
    static final List<String> ADMIN_TAGS = List.of("admin");
    static final List<String> INTERNAL_TAGS = List.of("agents", "workers");

    private static final List<String> TAG_ORDER = Stream.of(TEAM_TAGS, ADMIN_TAGS, INTERNAL_TAGS)
            .flatMap(List::stream).toList();

    private static final String DESCRIPTION = """
            Hardware-aware network-width search: submit search jobs with a MAC, parameter or latency budget, \
            follow them, and fetch the decoded widths and artifacts; ask for per-device latency tables.

            **Authentication.** Every `/api/v1/**` call carries one secret as `Authorization: Bearer <secret>` \
            (use *Authorize* above):

            | caller | secret | where it comes from |
            | --- | --- | --- |
            | a team | its API key (`sf_...`) | `POST /api/v1/admin/teams` or `/api/v1/admin/teams/{teamId}/keys`, shown once |
            | the operator | the admin key | `SLIMFIT_ADMIN_KEY` of the API service |
            | a search worker | the worker secret | `SLIMFIT_WORKER_SECRET` |
            | a profiler agent | the enrollment secret, once, to register; then its device token (`sfd_...`) | \
            `SLIMFIT_ENROLLMENT_SECRET`; the token is returned by `POST /api/v1/devices` |

            A missing or unknown secret is a 401, a secret of the wrong kind a 403. Every error is \
            `application/problem+json` with a stable `type`, a `detail` and the offending `field`.

            The tags come in this order: the team API (jobs, search spaces, latency tables, devices), then \
            `admin`, then the internals used by profiler agents and search workers.""";

    @Bean
    OpenAPI slimfitOpenApi(@Value("${slimfit.openapi.version:}") String configuredVersion) {
        return new OpenAPI()
                .info(new Info().title("Slimfit API").version(version(configuredVersion)).description(DESCRIPTION))
                .components(new Components().addSecuritySchemes(SECURITY_SCHEME, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("A team API key, the admin key, the worker secret, the enrollment secret or "
                                + "a device token, sent as 'Authorization: Bearer <secret>'")))
                .addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
    }

    /** Orders tags (and paths, by their operations' first tag) in every document and group. */
    @Bean
    GlobalOpenApiCustomizer slimfitTagOrder() {
        return OpenApiConfig::orderTags;
    }

    @Bean
    GroupedOpenApi teamApi() {
        return group("team", TEAM_TAGS);
    }

    @Bean
    GroupedOpenApi adminApi() {
        return group("admin", ADMIN_TAGS);
    }

    @Bean
    GroupedOpenApi internalApi() {
        return group("internal", INTERNAL_TAGS);
    }

    @Bean
    GroupedOpenApi allApi() {
        return GroupedOpenApi.builder().group("all").displayName("all (whole document)").pathsToMatch("/**")
                .build();
    }

    private static GroupedOpenApi group(String name, List<String> tags) {
        return GroupedOpenApi.builder().group(name).pathsToMatch("/api/v1/**")
                .addOpenApiMethodFilter(method -> tagsOf(method).stream().anyMatch(tags::contains))
                .build();
    }

    /** The names of the {@code @Tag}s on a handler method and on its controller. */
    static Set<String> tagsOf(Method method) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (var tag : AnnotatedElementUtils.findMergedRepeatableAnnotations(method,
                io.swagger.v3.oas.annotations.tags.Tag.class)) {
            names.add(tag.name());
        }
        for (var tag : AnnotatedElementUtils.findMergedRepeatableAnnotations(method.getDeclaringClass(),
                io.swagger.v3.oas.annotations.tags.Tag.class)) {
            names.add(tag.name());
        }
        return names;
    }

    static void orderTags(OpenAPI openApi) {
        if (openApi.getTags() != null) {
            // One entry per name (springdoc adds a bare one for every @Tag without a description), known ones first.
            Map<String, Tag> byName = new LinkedHashMap<>();
            for (Tag tag : openApi.getTags()) {
                byName.merge(tag.getName(), tag, (a, b) -> a.getDescription() != null ? a : b);
            }
            List<Tag> tags = new ArrayList<>(byName.values());
            tags.sort(Comparator.comparingInt(t -> rank(t.getName())));
            openApi.setTags(tags);
        }
        if (openApi.getPaths() != null) {
            List<Map.Entry<String, PathItem>> entries = new ArrayList<>(openApi.getPaths().entrySet());
            entries.sort(Comparator.comparingInt(e -> rank(e.getValue())));
            Paths ordered = new Paths();
            entries.forEach(e -> ordered.addPathItem(e.getKey(), e.getValue()));
            ordered.setExtensions(openApi.getPaths().getExtensions());
            openApi.setPaths(ordered);
        }
    }

    private static int rank(PathItem item) {
        return item.readOperations().stream().map(Operation::getTags).filter(Objects::nonNull)
                .flatMap(List::stream).mapToInt(OpenApiConfig::rank).min().orElse(TAG_ORDER.size());
    }

    private static int rank(String tag) {
        int index = TAG_ORDER.indexOf(tag);
        return index < 0 ? TAG_ORDER.size() : index;
    }

    /** The build's version (filtered into application.yml), else the jar's, else 0.1.0. */
    private static String version(String configured) {
        if (configured != null && !configured.isBlank() && !configured.startsWith("@")) {
            return configured;
        }
        String fromJar = OpenApiConfig.class.getPackage().getImplementationVersion();
        return fromJar != null ? fromJar : "0.1.0";
    }
}
