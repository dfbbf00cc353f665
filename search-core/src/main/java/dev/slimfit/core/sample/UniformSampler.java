package dev.slimfit.core.sample;

import dev.slimfit.core.space.SearchSpace;

import java.util.List;
import java.util.Random;

/**
 * Each layer's width uniformly at random, independently. Use it for validation sets (AOWS keeps uniform samples
 * for validation only): it covers common cells many times and rare cells seldom.
 */
public final class UniformSampler implements ConfigurationSampler {

    private final SearchSpace space;
    private final Random random;

    public UniformSampler(SearchSpace space, Random random) {
        this.space = space;
        this.random = random;
    }

    @Override
    public int[] next() {
        int[] widths = new int[space.layerCount()];
        for (int i = 0; i < widths.length; i++) {
            List<Integer> choices = space.layer(i).widthChoices();
            widths[i] = choices.get(random.nextInt(choices.size()));
        }
        return widths;
    }
}
