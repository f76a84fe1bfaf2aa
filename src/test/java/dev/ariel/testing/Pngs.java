package dev.ariel.testing;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** PNG files as tests compare them: decoded by ImageIO, with 8-bit samples whatever the file's bit depth. */
public final class Pngs {
    private Pngs() {}

    /**
     * The samples of {@code png}: a 1-bit greyscale file (a mono image) reads 0 and 255, as an
     * 8-bit one would; any other file as ImageIO decodes it.
     *
     * @throws IOException if ImageIO cannot read it
     */
    public static Raster samples(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        if (img == null) throw new IOException("not a PNG that ImageIO can read");
        if (img.getColorModel().getPixelSize() != 1) return img.getRaster();
        BufferedImage grey = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(img, 0, 0, null);
        return grey.getRaster();
    }
}
