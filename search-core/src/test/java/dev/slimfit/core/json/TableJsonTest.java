package dev.slimfit.core.json;

import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.cost.CostTables;
import dev.slimfit.core.latency.LatencyCells;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableJsonTest {

    private static final double[] AWKWARD = {0.0, -0.0, 0.1 + 0.2, 1.0 / 3, Double.MIN_VALUE, Double.MIN_NORMAL,
            Double.MAX_VALUE, 1e-300, 123456789.123456789, Math.nextUp(1.0), 4.35, 2.0E22, 9007199254740993.0};

    private final SearchSpaceRegistry registry = SearchSpaceRegistry.builtIn();
    private final SearchSpace mobileNet = registry.find("mobilenet-v1-224").orElseThrow();

    @Test
    void latencyTableRoundTripsBitForBit() {
        Random random = new Random(1);
        LatencyCells cells = LatencyCells.of(mobileNet);
        double[] latencyMs = new double[cells.unknownCount()];
        int[] observations = new int[cells.unknownCount()];
        for (int id = 0; id < latencyMs.length; id++) {
            latencyMs[id] = id < AWKWARD.length ? AWKWARD[id]
                    : Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL) % 1e3;
            observations[id] = random.nextInt(1000);
        }
        LatencyTable table = LatencyTable.of(cells, latencyMs, observations, -0.1234567890123);
        String json = LatencyTableJson.write(table);
        LatencyTable back = LatencyTableJson.read(json, registry);

        for (int id = 0; id < latencyMs.length; id++) {
            assertThat(Double.doubleToRawLongBits(back.latencyMs(id))).isEqualTo(Double.doubleToRawLongBits(latencyMs[id]));
            assertThat(back.observations(id)).isEqualTo(observations[id]);
        }
        assertThat(Double.doubleToRawLongBits(back.offsetMs())).isEqualTo(Double.doubleToRawLongBits(table.offsetMs()));
        assertThat(LatencyTableJson.write(back)).isEqualTo(json);
        assertThat(back.toCostTable()).isEqualTo(table.toCostTable());
    }

    @Test
    void costTableRoundTripsBitForBit() {
        Random random = new Random(2);
        double[][][] entries = new double[3][][];
        int[] choices = {4, 3, 5};
        for (int i = 0; i < 3; i++) {
            entries[i] = new double[i == 0 ? 1 : choices[i - 1]][choices[i]];
            for (double[] row : entries[i]) {
                for (int b = 0; b < row.length; b++) {
                    row[b] = random.nextBoolean() ? AWKWARD[random.nextInt(AWKWARD.length)] : random.nextGaussian() * 1e6;
                }
            }
        }
        ChainCostTable table = ChainCostTable.of(entries, -0.0);
        String json = CostTableJson.write(table);
        ChainCostTable back = CostTableJson.read(json);
        assertThat(back).isEqualTo(table);
        assertThat(CostTableJson.write(back)).isEqualTo(json);

        ChainCostTable macs = CostTables.macs(mobileNet);
        assertThat(CostTableJson.read(CostTableJson.write(macs))).isEqualTo(macs);
    }

    @Test
    void rejectsDocumentsThatDoNotFitTheSpace() {
        LatencyCells cells = LatencyCells.of(mobileNet);
        LatencyTable table = LatencyTable.of(cells, new double[cells.unknownCount()], new int[cells.unknownCount()], 0);
        String json = LatencyTableJson.write(table);
        SearchSpace fmnist = registry.find("fmnist-small").orElseThrow();

        assertThatThrownBy(() -> LatencyTableJson.read(json, fmnist)).isInstanceOf(JsonFormatException.class)
                .hasMessageContaining("mobilenet-v1-224");
        String missing = json.replaceFirst("\\{\"kind\": \"CONV\"[^}]*\\},\\s*", "");
        assertThatThrownBy(() -> LatencyTableJson.read(missing, registry)).hasMessageContaining("missing cell");
        String foreign = json.replaceFirst("\"inputWidth\": 3,", "\"inputWidth\": 4,");
        assertThatThrownBy(() -> LatencyTableJson.read(foreign, registry)).hasMessageContaining("is not an unknown");
        assertThatThrownBy(() -> LatencyTableJson.read(json.replace("\"offsetMs\": 0.0", "\"offsetMs\": NaN"), registry))
                .isInstanceOf(JsonFormatException.class);
        assertThatThrownBy(() -> LatencyTableJson.read(json.substring(0, json.length() / 2), registry))
                .isInstanceOf(JsonFormatException.class).hasMessageContaining("offset");
        assertThatThrownBy(() -> CostTableJson.read(json)).hasMessageContaining("format");
    }

    @Test
    void parserIsStrict() {
        assertThat(JsonParser.parse(" {\"a\": [1, -2.5e-3, true, null, \"x\\n\\u00e9\"]} ")).isNotNull();
        for (String bad : new String[] {"{\"a\": 01}", "[1,]", "{\"a\": 1, \"a\": 2}", "[1] x", "\"\\q\"", "[.5]", "{a: 1}"}) {
            assertThatThrownBy(() -> JsonParser.parse(bad)).as(bad).isInstanceOf(JsonFormatException.class);
        }
    }
}
