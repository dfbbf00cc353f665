package dev.slimfit.worker.search.sample;

import dev.slimfit.core.space.SearchSpace;

import java.util.Random;

/** OWS: every layer's width uniformly and independently. */
public final class UniformWidthSampler implements WidthSampler {

    private final int[] choiceCounts;

    public UniformWidthSampler(SearchSpace space) {
        choiceCounts = space.layers().stream().mapToInt(layer -> layer.widthChoices().size()).toArray();
    }

    @Override
    public int[][] sample(int count, double progress, Random random) {
        int[][] configurations = new int[count][choiceCounts.length];
        for (int[] choices : configurations) {
            for (int i = 0; i < choices.length; i++) {
                choices[i] = random.nextInt(choiceCounts[i]);
            }
        }
        return configurations;
    }
}
