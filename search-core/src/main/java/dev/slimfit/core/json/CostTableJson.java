package dev.slimfit.core.json;

import dev.slimfit.core.cost.ChainCostTable;

import java.util.List;
import java.util.Map;

/**
 * The stored form of a {@link ChainCostTable} (e.g. a MAC table, or a latency table expanded for decoding):
 * {@code {"format": "slimfit.chain-cost-table.v1", "offset": 0.0, "layers": [[[...]], ...]}} with
 * {@code layers[i][a][b]} the cost of layer i from input position a to output position b. Doubles round-trip bit
 * for bit.
 */
public final class CostTableJson {

    public static final String FORMAT = "slimfit.chain-cost-table.v1";

    private CostTableJson() {
    }

    public static String write(ChainCostTable table) {
        JsonWriter out = new JsonWriter();
        out.raw("{\n  ").name("format").string(FORMAT).raw(",\n  ")
                .name("offset").number(table.offset()).raw(",\n  ")
                .name("layers").raw("[");
        for (int i = 0; i < table.layerCount(); i++) {
            out.raw(i == 0 ? "\n    [" : ",\n    [");
            for (int a = 0; a < table.inputChoiceCount(i); a++) {
                out.raw(a == 0 ? "[" : ", [");
                for (int b = 0; b < table.choiceCount(i); b++) {
                    if (b > 0) {
                        out.raw(", ");
                    }
                    out.number(table.entry(i, a, b));
                }
                out.raw("]");
            }
            out.raw("]");
        }
        return out.raw("\n  ]\n}\n").toString();
    }

    public static ChainCostTable read(String json) {
        Map<String, Object> root = Members.object(JsonParser.parse(json), "document");
        Members.requireFormat(root, FORMAT);
        List<Object> layers = Members.array(Members.required(root, "layers"), "member \"layers\"");
        double[][][] entries = new double[layers.size()][][];
        for (int i = 0; i < layers.size(); i++) {
            List<Object> rows = Members.array(layers.get(i), "layers[" + i + "]");
            entries[i] = new double[rows.size()][];
            for (int a = 0; a < rows.size(); a++) {
                List<Object> row = Members.array(rows.get(a), "layers[" + i + "][" + a + "]");
                entries[i][a] = new double[row.size()];
                for (int b = 0; b < row.size(); b++) {
                    entries[i][a][b] = Members.number(row.get(b), "layers[" + i + "][" + a + "][" + b + "]");
                }
            }
        }
        try {
            return ChainCostTable.of(entries, Members.number(root, "offset"));
        } catch (IllegalArgumentException e) {
            throw new JsonFormatException(e.getMessage());
        }
    }
}
