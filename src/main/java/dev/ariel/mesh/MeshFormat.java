package dev.ariel.mesh;

import dev.ariel.render.Choices;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The file formats a mesh is written in. */
public enum MeshFormat implements Choices.Choice {
    /** Binary STL: 80-byte header, facet count, then normal, three vertices and a zero attribute per facet. */
    STL,
    /** ASCII STL ({@code solid ... endsolid}). */
    STL_ASCII,
    /** Wavefront OBJ: {@code v}, {@code vn} and {@code f a//a b//b c//c} lines. */
    OBJ,
    /** PLY, binary little-endian: vertices with x y z nx ny nz floats, faces as uchar-counted int lists. */
    PLY;

    /** The name as the CLI's {@code --format} spells it: {@code stl}, {@code stl-ascii}, {@code obj} or {@code ply}. */
    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The format a file name's extension names ({@code .stl} is binary STL), if any. */
    public static Optional<MeshFormat> forPath(Path path) {
        Path name = path.getFileName();
        String s = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (s.endsWith(".stl")) return Optional.of(STL);
        if (s.endsWith(".obj")) return Optional.of(OBJ);
        if (s.endsWith(".ply")) return Optional.of(PLY);
        return Optional.empty();
    }

    /** The names a user may give, for error messages. */
    public static String choices() {
        return ".stl, .obj or .ply";
    }
}
