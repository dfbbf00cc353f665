package dev.slimfit.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.slimfit.core.latency.LatencyCell;
import dev.slimfit.core.latency.LatencyCells;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.latency.LatencyTableDocument;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import tools.jackson.databind.json.JsonMapper;

/** The latency table's wire record: bit-exact through Jackson, and checked against its space when read. */
class LatencyTableDocumentTest {

    private static final double[] AWKWARD = {0.0, -0.0, 0.1 + 0.2, 1.0 / 3, Double.MIN_VALUE, Double.MIN_NORMAL,
            Double.MAX_VALUE, 1e-300, 123456789.123456789, Math.nextUp(1.0), 4.35, 2.0E22, 9007199254740993.0};

    private final JsonMapper json = JsonMapper.builder().build();
    private final SearchSpaceRegistry registry = SearchSpaceRegistry.builtIn();
    private final SearchSpace mobileNet = registry.find("mobilenet-v1-224").orElseThrow();

    private LatencyTable awkwardTable() {
        Random random = new Random(1);
        LatencyCells cells = LatencyCells.of(mobileNet);
        double[] latencyMs = new double[cells.unknownCount()];
        int[] observations = new int[cells.unknownCount()];
        for (int id = 0; id < latencyMs.length; id++) {
            latencyMs[id] = id < AWKWARD.length ? AWKWARD[id]
                    : Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL) % 1e3;
            observations[id] = random.nextInt(1000);
        }
        return LatencyTable.of(cells, latencyMs, observations, -0.1234567890123);
    }

    @Test
    void aTableRoundTripsBitForBitThroughJackson() {
        LatencyTable table = awkwardTable();
        String text = json.writeValueAsString(LatencyTableDocument.of(table));
        LatencyTable back = json.readValue(text, LatencyTableDocument.class).toTable(mobileNet);

        for (int id = 0; id < table.cells().unknownCount(); id++) {
            assertThat(Double.doubleToRawLongBits(back.latencyMs(id)))
                    .isEqualTo(Double.doubleToRawLongBits(table.latencyMs(id)));
            assertThat(back.observations(id)).isEqualTo(table.observations(id));
        }
        assertThat(Double.doubleToRawLongBits(back.offsetMs())).isEqualTo(Double.doubleToRawLongBits(table.offsetMs()));
        assertThat(back.toCostTable()).isEqualTo(table.toCostTable());
        assertThat(json.writeValueAsString(LatencyTableDocument.of(back))).isEqualTo(text);
    }

    @Test
    void theJsonShapeIsTheFormerSearchCoreFormat() {
        // Text as the hand-written search-core writer produced it before this record replaced it.
        LatencyTable table = awkwardTable();
        StringBuilder old = new StringBuilder("{\n  \"format\": \"slimfit.latency-table.v1\",\n  \"space\": \""
                + mobileNet.name() + "\",\n  \"offsetMs\": " + table.offsetMs() + ",\n  \"cells\": [");
        for (int id = 0; id < table.cells().unknownCount(); id++) {
            LatencyCell cell = table.cells().unknown(id);
            old.append(id == 0 ? "\n    {" : ",\n    {")
                    .append("\"kind\": \"").append(cell.key().kind()).append("\", ")
                    .append("\"kernel\": ").append(cell.key().kernel()).append(", ")
                    .append("\"stride\": ").append(cell.key().stride()).append(", ")
                    .append("\"inputResolution\": ").append(cell.key().inputResolution()).append(", ")
                    .append("\"role\": \"").append(cell.key().role()).append("\", ")
                    .append("\"inputWidth\": ").append(cell.inputWidth()).append(", ")
                    .append("\"outputWidth\": ").append(cell.outputWidth()).append(", ")
                    .append("\"latencyMs\": ").append(table.latencyMs(id)).append(", ")
                    .append("\"observations\": ").append(table.observations(id)).append("}");
        }
        old.append("\n  ]\n}\n");

        LatencyTableDocument read = json.readValue(old.toString(), LatencyTableDocument.class);
        assertThat(read).isEqualTo(LatencyTableDocument.of(table));
        assertThat(json.readTree(json.writeValueAsString(read))).isEqualTo(json.readTree(old.toString()));
    }

    @Test
    void documentsThatDoNotFitTheSpaceAreRefused() {
        LatencyCells cells = LatencyCells.of(mobileNet);
        LatencyTableDocument doc = LatencyTableDocument.of(
                LatencyTable.of(cells, new double[cells.unknownCount()], new int[cells.unknownCount()], 0));
        SearchSpace fmnist = registry.find("fmnist-small").orElseThrow();

        assertThatThrownBy(() -> doc.toTable(fmnist)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mobilenet-v1-224");
        assertThatThrownBy(() -> new LatencyTableDocument("slimfit.chain-cost-table.v1", doc.space(), 0,
                doc.cells()).toTable(mobileNet)).hasMessageContaining("format");

        List<LatencyTableDocument.Cell> missing = new ArrayList<>(doc.cells());
        missing.remove(0);
        assertThatThrownBy(() -> with(doc, missing).toTable(mobileNet)).hasMessageContaining("missing cell");

        List<LatencyTableDocument.Cell> twice = new ArrayList<>(doc.cells());
        twice.set(1, twice.get(0));
        assertThatThrownBy(() -> with(doc, twice).toTable(mobileNet)).hasMessageContaining("listed twice");

        List<LatencyTableDocument.Cell> foreign = new ArrayList<>(doc.cells());
        LatencyTableDocument.Cell first = foreign.get(0);
        foreign.set(0, new LatencyTableDocument.Cell(first.kind(), first.kernel(), first.stride(),
                first.inputResolution(), first.role(), first.inputWidth() + 1, first.outputWidth(), 0, 0));
        assertThatThrownBy(() -> with(doc, foreign).toTable(mobileNet)).hasMessageContaining("is not an unknown");

        assertThatThrownBy(() -> new LatencyTableDocument(doc.format(), doc.space(), Double.NaN, doc.cells())
                .toTable(mobileNet)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> with(doc, null).toTable(mobileNet)).hasMessageContaining("cells");
    }

    private static LatencyTableDocument with(LatencyTableDocument doc, List<LatencyTableDocument.Cell> cells) {
        return new LatencyTableDocument(doc.format(), doc.space(), doc.offsetMs(), cells);
    }
}
