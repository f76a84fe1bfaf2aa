package dev.ariel.cli;

import dev.ariel.render.ImageFormat;
import dev.ariel.render.RenderMode;
import dev.ariel.render.TileSizes;
import dev.ariel.wiring.IrListing;
import dev.ariel.wiring.Strategy;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.TypeConversionException;

/** picocli's converters over the library's own parsers, whose one-line errors become usage errors. */
final class Converters {
    private Converters() {}

    /**
     * A converter that calls a library parser. Subclasses override {@link #parse} rather than pass
     * a lambda: each lambda is bootstrapped when picocli builds the command, outside the AOT
     * cache, and the render command's eight of them cost a start-up some 20 ms.
     */
    abstract static class Parsing<T> implements ITypeConverter<T> {
        abstract T parse(String value);

        @Override
        public T convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class StrategyConverter extends Parsing<Strategy> {
        @Override
        Strategy parse(String value) {
            return Strategy.parse(value);
        }
    }

    static final class FormatConverter extends Parsing<ImageFormat> {
        @Override
        ImageFormat parse(String value) {
            return ImageFormat.parse(value);
        }
    }

    static final class ModeConverter extends Parsing<RenderMode> {
        @Override
        RenderMode parse(String value) {
            return RenderMode.parse(value);
        }
    }

    static final class TileSizesConverter extends Parsing<TileSizes> {
        @Override
        TileSizes parse(String value) {
            return TileSizes.parse(value);
        }
    }

    static final class StageConverter extends Parsing<IrListing.Stage> {
        @Override
        IrListing.Stage parse(String value) {
            return IrListing.Stage.parse(value);
        }
    }

    /**
     * Takes an optional value only when it is attached with {@code =}, so that in
     * {@code --emit-llvm model.vm} the model path is never taken for the output file.
     */
    static final class AttachedValueOnly implements IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
            if ("=".equals(info.get("separator"))) return false;
            argSpec.setValue("-");
            return true;
        }
    }

    /** A point given as {@code CX,CY}. */
    record Point(double x, double y) {}

    /** Parses {@code CX,CY}. */
    static final class PointConverter implements ITypeConverter<Point> {
        @Override
        public Point convert(String value) {
            String[] parts = value.split(",", -1);
            try {
                if (parts.length == 2) {
                    return new Point(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new TypeConversionException("expected CX,CY, such as 0.5,-0.25, not '" + value + "'");
        }
    }

    static final class VolumeModeConverter extends Parsing<dev.ariel.volume.VolumeMode> {
        @Override
        dev.ariel.volume.VolumeMode parse(String value) {
            return dev.ariel.volume.VolumeMode.parse(value);
        }
    }

    /** A point given as {@code CX,CY,CZ}. */
    record Point3(double x, double y, double z) {}

    /** Parses {@code CX,CY,CZ}. */
    static final class Point3Converter implements ITypeConverter<Point3> {
        @Override
        public Point3 convert(String value) {
            String[] parts = value.split(",", -1);
            try {
                if (parts.length == 3) {
                    return new Point3(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()),
                            Double.parseDouble(parts[2].strip()));
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new TypeConversionException("expected CX,CY,CZ, such as 0.5,-0.25,0, not '" + value + "'");
        }
    }

    /** Parses {@code --format} for meshes by its labels, in any case: stl, stl-ascii, obj or ply. */
    static final class MeshFormatConverter implements ITypeConverter<dev.ariel.mesh.MeshFormat> {
        @Override
        public dev.ariel.mesh.MeshFormat convert(String value) {
            String label = value.toLowerCase(java.util.Locale.ROOT);
            for (dev.ariel.mesh.MeshFormat f : dev.ariel.mesh.MeshFormat.values()) {
                if (f.label().equals(label)) return f;
            }
            throw new TypeConversionException("expected " + dev.ariel.render.Choices.list(dev.ariel.mesh.MeshFormat.values())
                    + ", not '" + value + "'");
        }
    }

    /** A box given as {@code X0,Y0,Z0,X1,Y1,Z1}: six numbers, checked by the command (finite, each lower below its upper). */
    record Bounds(double x0, double y0, double z0, double x1, double y1, double z1) {}

    /** Parses {@code X0,Y0,Z0,X1,Y1,Z1}. */
    static final class BoundsConverter implements ITypeConverter<Bounds> {
        @Override
        public Bounds convert(String value) {
            String[] parts = value.split(",", -1);
            try {
                if (parts.length == 6) {
                    double[] v = new double[6];
                    for (int i = 0; i < 6; i++) v[i] = Double.parseDouble(parts[i].strip());
                    return new Bounds(v[0], v[1], v[2], v[3], v[4], v[5]);
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new TypeConversionException("expected X0,Y0,Z0,X1,Y1,Z1, such as -1,-1,-1,1,1,1, not '" + value + "'");
        }
    }
}
