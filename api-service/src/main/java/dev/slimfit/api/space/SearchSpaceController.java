package dev.slimfit.api.space;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.slimfit.api.error.ApiException;
import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/search-spaces")
@Tag(name = "search spaces", description = "The chains of layers and width choices a job can search")
class SearchSpaceController {

    record SpaceSummary(String name, String description, int layers, long minMacs, long maxMacs, long minParams,
                        long maxParams) {
    }

    record LayerView(int index, String kind, int kernel, int stride, int inputResolution, int outputResolution,
                     int baseWidth, List<Integer> widthChoices) {
    }

    record SpaceDetail(String name, String description, int inputChannels, int inputResolution, int classCount,
                       long minMacs, long maxMacs, long minParams, long maxParams, long configurations,
                       List<LayerView> layers) {
    }

    private final SearchSpaceRegistry spaces;

    SearchSpaceController(SearchSpaceRegistry spaces) {
        this.spaces = spaces;
    }

    @GetMapping
    @Operation(summary = "List search spaces with their MAC and parameter ranges")
    List<SpaceSummary> list() {
        return spaces.all().stream().map(s -> new SpaceSummary(s.name(), s.description(), s.layerCount(),
                NetworkCost.macs(s, s.smallest()), NetworkCost.macs(s, s.largest()),
                NetworkCost.params(s, s.smallest()), NetworkCost.params(s, s.largest()))).toList();
    }

    @GetMapping("/{name}")
    @Operation(summary = "One search space: layers, width choices, MAC and parameter range")
    SpaceDetail get(@PathVariable String name) {
        SearchSpace s = spaces.find(name).orElseThrow(() -> ApiException.notFound("search space '" + name + "'"));
        List<LayerView> layers = new java.util.ArrayList<>();
        long configurations = 1;
        for (int i = 0; i < s.layerCount(); i++) {
            LayerSpec l = s.layer(i);
            layers.add(new LayerView(i, l.kind().name(), l.kernel(), l.stride(), l.inputResolution(),
                    l.outputResolution(), l.baseWidth(), l.widthChoices()));
            configurations = multiplySaturated(configurations, l.widthChoices().size());
        }
        return new SpaceDetail(s.name(), s.description(), s.inputChannels(), s.inputResolution(), s.classCount(),
                NetworkCost.macs(s, s.smallest()), NetworkCost.macs(s, s.largest()),
                NetworkCost.params(s, s.smallest()), NetworkCost.params(s, s.largest()), configurations, layers);
    }

    /** Number of configurations, capped at Long.MAX_VALUE for spaces too large to count. */
    private static long multiplySaturated(long a, long b) {
        long r = a * b;
        return (a != 0 && r / a != b) ? Long.MAX_VALUE : r;
    }
}
