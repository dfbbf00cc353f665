package dev.slimfit.api.space;

import java.util.ArrayList;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.slimfit.api.error.ApiException;
import dev.slimfit.api.space.SpaceConfig.StagedSpaceCatalog;
import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.cost.StagedCost;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.core.space.SpaceKind;
import dev.slimfit.core.space.staged.StageSpec;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.core.space.staged.StagedSpace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/search-spaces")
@Tag(name = "search spaces", description = "The chains of layers and width choices, and the multi-stage early-exit"
        + " spaces, a job can search")
class SearchSpaceController {

    @Schema(description = "One search space. For MULTI_STAGE spaces the MAC range is of the worst case (every stage"
            + " and exit head) from the smallest to the largest configuration; layers is null for them and stages"
            + " null for chains")
    record SpaceSummary(String name, String description, SpaceKind kind, Integer layers, Integer stages,
                        long minMacs, long maxMacs, long minParams, long maxParams) {
    }

    record LayerView(int index, String kind, int kernel, int stride, int inputResolution, int outputResolution,
                     int baseWidth, List<Integer> widthChoices) {
    }

    @Schema(oneOf = {SpaceDetail.class, StagedSpaceDetail.class})
    sealed interface SpaceDescription permits SpaceDetail, StagedSpaceDetail {
    }

    record SpaceDetail(String name, String description, SpaceKind kind, int inputChannels, int inputResolution,
                       int classCount, long minMacs, long maxMacs, long minParams, long maxParams,
                       long configurations, List<LayerView> layers) implements SpaceDescription {
    }

    record StemView(int kernel, int stride, int width) {
    }

    @Schema(description = "One stage: its choices, its output resolution for each of the space's resolutions (in"
            + " their order), and the MACs to leave at its exit head for the smallest and largest configuration")
    record StageView(int index, String blockKind, int stride, List<Integer> depthChoices, List<Integer> kernelChoices,
                     List<Integer> widthChoices, List<Integer> outputResolutions, long minExitMacs,
                     long maxExitMacs) {
    }

    @Schema(description = "A multi-stage early-exit space; minMacs and maxMacs are worst-case MACs (every stage and"
            + " exit head) of the smallest and largest configuration")
    record StagedSpaceDetail(String name, String description, SpaceKind kind, int inputChannels, int classCount,
                             List<Integer> resolutionChoices, StemView stem, long minMacs, long maxMacs,
                             long minParams, long maxParams, long configurations, List<StageView> stages)
            implements SpaceDescription {
    }

    private final SearchSpaceRegistry spaces;
    private final StagedSpaceCatalog stagedSpaces;

    SearchSpaceController(SearchSpaceRegistry spaces, StagedSpaceCatalog stagedSpaces) {
        this.spaces = spaces;
        this.stagedSpaces = stagedSpaces;
    }

    @GetMapping
    @Operation(summary = "List search spaces, chain and multi-stage, with their MAC and parameter ranges")
    List<SpaceSummary> list() {
        List<SpaceSummary> summaries = new ArrayList<>();
        for (SearchSpace s : spaces.all()) {
            summaries.add(new SpaceSummary(s.name(), s.description(), SpaceKind.CHAIN, s.layerCount(), null,
                    NetworkCost.macs(s, s.smallest()), NetworkCost.macs(s, s.largest()),
                    NetworkCost.params(s, s.smallest()), NetworkCost.params(s, s.largest())));
        }
        for (StagedSpace s : stagedSpaces.spaces()) {
            summaries.add(new SpaceSummary(s.name(), s.description(), SpaceKind.MULTI_STAGE, null, s.stageCount(),
                    StagedCost.worstCaseMacs(s, s.smallest()), StagedCost.worstCaseMacs(s, s.largest()),
                    StagedCost.totalParams(s, s.smallest()), StagedCost.totalParams(s, s.largest())));
        }
        return summaries;
    }

    @GetMapping("/{name}")
    @Operation(summary = "One search space: layers and width choices (chain) or stages with depth, kernel and width"
            + " choices and resolutions (multi-stage), with the MAC and parameter range")
    SpaceDescription get(@PathVariable String name) {
        SearchSpace chain = spaces.find(name).orElse(null);
        if (chain != null) {
            return chainDetail(chain);
        }
        StagedSpace staged = stagedSpaces.find(name)
                .orElseThrow(() -> ApiException.notFound("search space '" + name + "'"));
        return stagedDetail(staged);
    }

    private static SpaceDetail chainDetail(SearchSpace s) {
        List<LayerView> layers = new ArrayList<>();
        long configurations = 1;
        for (int i = 0; i < s.layerCount(); i++) {
            LayerSpec l = s.layer(i);
            layers.add(new LayerView(i, l.kind().name(), l.kernel(), l.stride(), l.inputResolution(),
                    l.outputResolution(), l.baseWidth(), l.widthChoices()));
            configurations = multiplySaturated(configurations, l.widthChoices().size());
        }
        return new SpaceDetail(s.name(), s.description(), SpaceKind.CHAIN, s.inputChannels(), s.inputResolution(),
                s.classCount(), NetworkCost.macs(s, s.smallest()), NetworkCost.macs(s, s.largest()),
                NetworkCost.params(s, s.smallest()), NetworkCost.params(s, s.largest()), configurations, layers);
    }

    private static StagedSpaceDetail stagedDetail(StagedSpace s) {
        StagedConfiguration smallest = s.smallest();
        StagedConfiguration largest = s.largest();
        long[] minExit = StagedCost.cumulativeMacs(s, smallest);
        long[] maxExit = StagedCost.cumulativeMacs(s, largest);
        List<int[]> outputsByResolution = s.resolutionChoices().stream().map(s::stageOutputResolutions).toList();
        List<StageView> stages = new ArrayList<>();
        for (int i = 0; i < s.stageCount(); i++) {
            StageSpec stage = s.stage(i);
            int index = i;
            List<Integer> outputs = outputsByResolution.stream().map(r -> r[index]).toList();
            stages.add(new StageView(i, stage.blockKind().name(), stage.stride(), stage.depthChoices(),
                    stage.kernelChoices(), stage.widthChoices(), outputs, minExit[i], maxExit[i]));
        }
        StemView stem = s.hasStem() ? new StemView(s.stem().kernel(), s.stem().stride(), s.stem().width()) : null;
        return new StagedSpaceDetail(s.name(), s.description(), SpaceKind.MULTI_STAGE, s.inputChannels(),
                s.classCount(), s.resolutionChoices(), stem, StagedCost.worstCaseMacs(s, smallest),
                StagedCost.worstCaseMacs(s, largest), StagedCost.totalParams(s, smallest),
                StagedCost.totalParams(s, largest), s.configurationCount(), stages);
    }

    /** Number of configurations, capped at Long.MAX_VALUE for spaces too large to count. */
    private static long multiplySaturated(long a, long b) {
        long r = a * b;
        return (a != 0 && r / a != b) ? Long.MAX_VALUE : r;
    }
}
