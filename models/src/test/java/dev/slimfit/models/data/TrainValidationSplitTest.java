package dev.slimfit.models.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainValidationSplitTest {

    /** 300 one-pixel images whose pixel value is their index mod 256 and label index mod 3; ids survive the split. */
    private static ImageSet numbered() {
        int count = 300;
        byte[] pixels = new byte[count * 2];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            pixels[2 * i] = (byte) (i % 256);
            pixels[2 * i + 1] = (byte) (i / 256);
            labels[i] = i % 3;
        }
        return new ImageSet(pixels, labels, 1, 1, 2, List.of("a", "b", "c"));
    }

    @Test
    void sameSeedSameSplitDifferentSeedDifferentSplit() {
        ImageSet images = numbered();

        Split first = TrainValidationSplit.split(images, 0.2, 42);
        Split again = TrainValidationSplit.split(images, 0.2, 42);
        Split other = TrainValidationSplit.split(images, 0.2, 43);

        assertThat(ids(again.validation())).containsExactly(ids(first.validation()));
        assertThat(ids(again.train())).containsExactly(ids(first.train()));
        assertThat(ids(other.validation())).isNotEqualTo(ids(first.validation()));
    }

    @Test
    void partsAreDisjointCompleteAndStratified() {
        ImageSet images = numbered();

        Split split = TrainValidationSplit.split(images, 0.2, 1);

        assertThat(split.validation().classCounts()).containsExactly(20, 20, 20);
        assertThat(split.train().classCounts()).containsExactly(80, 80, 80);
        Set<Integer> all = new HashSet<>();
        Arrays.stream(ids(split.train())).forEach(all::add);
        Arrays.stream(ids(split.validation())).forEach(all::add);
        assertThat(all).hasSize(300);
        for (int i = 0; i < split.validation().size(); i++) {
            int id = ids(split.validation())[i];
            assertThat(split.validation().label(i)).isEqualTo(id % 3);
        }
    }

    @Test
    void rejectsFractionsOutsideTheOpenUnitInterval() {
        assertThatThrownBy(() -> TrainValidationSplit.split(numbered(), 1.0, 1))
                .hasMessageContaining("(0, 1)");
    }

    private static int[] ids(ImageSet images) {
        int[] ids = new int[images.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = images.pixel(i, 0, 0, 0) + 256 * images.pixel(i, 0, 0, 1);
        }
        return ids;
    }
}
