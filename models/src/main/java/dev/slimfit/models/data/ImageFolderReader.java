package dev.slimfit.models.data;

import dev.slimfit.core.space.SearchSpace;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A user's labelled images laid out as one sub-folder per class ({@code root/cat/1.png}, {@code root/dog/7.jpg}).
 * Classes are the sub-folders in name order; hidden entries (starting with a dot) are ignored. Every other file
 * must decode with {@link ImageIO} (PNG, JPEG, BMP, GIF, WBMP on a stock JDK); it is resized to the space's square
 * input resolution with bilinear interpolation and converted to the space's channel count (grey = ITU-R BT.601
 * luma). Everything is checked while reading, so a broken dataset fails the job before any training starts.
 */
public final class ImageFolderReader {

    private ImageFolderReader() {
    }

    /** Reads images at {@code space}'s input size and checks the class count against its classifier. */
    public static ImageSet read(Path root, SearchSpace space) {
        ImageSet images = read(root, space.inputResolution(), space.inputChannels());
        images.requireFits(space, root);
        return images;
    }

    /**
     * @param resolution side of the square images produced
     * @param channels   1 (grey) or 3 (RGB)
     * @throws InvalidDatasetException if the folder is missing, has fewer than two classes, an empty class, a nested
     *                                 folder or a file that is not a decodable image
     */
    public static ImageSet read(Path root, int resolution, int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images can be read with 1 or 3 channels, not " + channels);
        }
        if (resolution <= 0) {
            throw new IllegalArgumentException("resolution must be positive, got " + resolution);
        }
        List<Path> classFolders = classFolders(root);
        int imageSize = channels * resolution * resolution;
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        List<Integer> labels = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        byte[] buffer = new byte[imageSize];
        for (Path classFolder : classFolders) {
            List<Path> files = imageFiles(classFolder);
            for (Path file : files) {
                PixelConversion.toChw(decode(file), resolution, channels, buffer);
                pixels.write(buffer, 0, imageSize);
                labels.add(classNames.size());
            }
            classNames.add(classFolder.getFileName().toString());
        }
        return ImageSet.adopt(pixels.toByteArray(), labels.stream().mapToInt(Integer::intValue).toArray(), channels,
                resolution, resolution, classNames);
    }

    private static List<Path> classFolders(Path root) {
        if (!Files.exists(root)) {
            throw new InvalidDatasetException(root, "dataset folder not found");
        }
        if (!Files.isDirectory(root)) {
            throw new InvalidDatasetException(root, "is a file; expected a folder with one sub-folder per class");
        }
        List<Path> folders = visibleEntries(root).stream().filter(Files::isDirectory).toList();
        if (folders.size() < 2) {
            throw new InvalidDatasetException(root, "has " + folders.size() + " class sub-folder"
                    + (folders.size() == 1 ? "" : "s") + "; a classification dataset needs one sub-folder per class"
                    + " and at least two classes");
        }
        return folders;
    }

    private static List<Path> imageFiles(Path classFolder) {
        List<Path> entries = visibleEntries(classFolder);
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                throw new InvalidDatasetException(entry, "nested folder inside class folder " + classFolder.getFileName()
                        + "; point the dataset at the folder whose sub-folders are the classes");
            }
        }
        if (entries.isEmpty()) {
            throw new InvalidDatasetException(classFolder, "class folder holds no images");
        }
        return entries;
    }

    private static List<Path> visibleEntries(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(path -> !path.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new InvalidDatasetException(folder, "cannot be listed: " + e, e);
        }
    }

    private static BufferedImage decode(Path file) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new InvalidDatasetException(file, "is not a readable image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new InvalidDatasetException(file, "is not an image format this reader decodes (PNG, JPEG, BMP, GIF)");
        }
        if (image.getWidth() <= 0 || image.getHeight() <= 0) {
            throw new InvalidDatasetException(file, "has no pixels");
        }
        return image;
    }

    /** Resizing and channel conversion of one decoded image into CHW unsigned bytes. */
    static final class PixelConversion {

        private PixelConversion() {
        }

        static void toChw(BufferedImage image, int resolution, int channels, byte[] target) {
            BufferedImage resized = new BufferedImage(resolution, resolution, BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = resized.createGraphics();
            try {
                graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                graphics.drawImage(image, 0, 0, resolution, resolution, null);
            } finally {
                graphics.dispose();
            }
            int plane = resolution * resolution;
            for (int y = 0; y < resolution; y++) {
                for (int x = 0; x < resolution; x++) {
                    int rgb = resized.getRGB(x, y);
                    int red = (rgb >> 16) & 0xff;
                    int green = (rgb >> 8) & 0xff;
                    int blue = rgb & 0xff;
                    int offset = y * resolution + x;
                    if (channels == 1) {
                        target[offset] = (byte) Math.round(0.299 * red + 0.587 * green + 0.114 * blue);
                    } else {
                        target[offset] = (byte) red;
                        target[plane + offset] = (byte) green;
                        target[2 * plane + offset] = (byte) blue;
                    }
                }
            }
        }
    }
}
