package dev.ariel.compare;

import dev.ariel.io.JsonWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A {@link Comparison} as an aligned table for people, or as CSV or JSON for programs. */
public final class ComparisonReport {
    private ComparisonReport() {}

    private static final String[] HEADERS = {"strategy", "level", "kernels", "IR before", "IR after", "build ms",
        "passes ms", "codegen ms", "link ms", "compile ms", "code KiB", "render ms", "min-max ms", "first image ms",
        "break-even", "same image"};

    /** The table, with a heading line and a note on how to read it. */
    public static String text(Comparison c) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADERS);
        for (LevelResult r : c.rows()) {
            boolean i = r.interpreter();
            cells.add(new String[] {r.strategy(), r.label(), i ? "-" : Integer.toString(r.tapes()),
                i ? "-" : Long.toString(r.irBefore()), i ? "-" : Long.toString(r.irAfter()), i ? "-" : f1(r.buildMs()),
                i ? "-" : f1(r.passMs()), i ? "-" : f1(r.codegenMs()), i ? "-" : f1(r.linkMs()), i ? "-" : f1(r.compileMs()),
                i ? "-" : f1(r.codeBytes() / 1024.0), f2(r.renderMedianMs()),
                f2(r.renderMinMs()) + "-" + f2(r.renderMaxMs()), f1(r.firstImageMs()),
                r.breakEvenFrames() < 0 ? "-" : r.breakEvenText() + " vs " + r.breakEvenVs(),
                r.identical() ? "yes" : "NO"});
        }
        int[] width = new int[HEADERS.length];
        for (String[] row : cells) {
            for (int k = 0; k < row.length; k++) width[k] = Math.max(width[k], row[k].length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "ariel compare %s: %dx%d on %s; render ms is the median of %d interleaved "
                + "frames per row%n%n", c.model(), c.width(), c.height(), c.host(), c.runs()));
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < row.length; k++) {
                if (k > 0) line.append("  ");
                // Text left, numbers right, so that columns of figures line up by their units.
                boolean left = k < 2 || k >= 14;
                String cell = row[k];
                String pad = " ".repeat(width[k] - cell.length());
                line.append(left ? cell + pad : pad + cell);
            }
            sb.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        sb.append(System.lineSeparator()).append("compile ms = build + passes + codegen + link. first image = compile + "
                + "first frame, from a cold code cache; later frames reuse the code.").append(System.lineSeparator())
                .append("pruned rows compile their tile kernels on every core: their compile ms is summed over the "
                        + "threads, so it can exceed the first image's wall time.").append(System.lineSeparator())
                .append("break-even = frames after which a level's compile and frames cost less than those of the "
                        + "row named (the level below; a codegen variant's own level); never = it does not render faster.")
                .append(System.lineSeparator());
        return sb.toString();
    }

    /** One header line, then one line per row; times in ms, sizes in bytes. */
    public static String csv(Comparison c) {
        StringBuilder sb = new StringBuilder("model,width,height,host,runs,strategy,level,interpreter,kernels,ir_before,"
                + "ir_after,build_ms,passes_ms,codegen_ms,link_ms,compile_ms,code_bytes,render_median_ms,render_min_ms,"
                + "render_max_ms,first_image_ms,break_even_frames,break_even_vs,identical\n");
        for (LevelResult r : c.rows()) {
            sb.append(String.join(",", csvCell(c.model()), Integer.toString(c.width()), Integer.toString(c.height()),
                    csvCell(c.host()), Integer.toString(c.runs()), r.strategy(), csvCell(r.label()),
                    Boolean.toString(r.interpreter()), Integer.toString(r.tapes()), Long.toString(r.irBefore()),
                    Long.toString(r.irAfter()), f3(r.buildMs()), f3(r.passMs()), f3(r.codegenMs()), f3(r.linkMs()),
                    f3(r.compileMs()), Long.toString(r.codeBytes()), f3(r.renderMedianMs()), f3(r.renderMinMs()),
                    f3(r.renderMaxMs()), f3(r.firstImageMs()), Long.toString(r.breakEvenFrames()), csvCell(r.breakEvenVs()),
                    Boolean.toString(r.identical()))).append('\n');
        }
        return sb.toString();
    }

    /** One JSON object: the comparison's facts and an array of rows. */
    public static String json(Comparison c) {
        JsonWriter w = JsonWriter.compact().beginObject().field("model", c.model()).field("width", c.width())
                .field("height", c.height()).field("host", c.host()).field("runs", c.runs()).name("rows").beginArray();
        for (LevelResult r : c.rows()) {
            w.beginObject().field("strategy", r.strategy()).field("level", r.label()).field("interpreter", r.interpreter())
                    .field("kernels", r.tapes()).field("ir_before", r.irBefore()).field("ir_after", r.irAfter())
                    .field("build_ms", r.buildMs()).field("passes_ms", r.passMs()).field("codegen_ms", r.codegenMs())
                    .field("link_ms", r.linkMs()).field("compile_ms", r.compileMs()).field("code_bytes", r.codeBytes())
                    .field("render_median_ms", r.renderMedianMs()).field("render_min_ms", r.renderMinMs())
                    .field("render_max_ms", r.renderMaxMs()).field("first_image_ms", r.firstImageMs())
                    .field("break_even_frames", r.breakEvenFrames()).field("break_even_vs", r.breakEvenVs())
                    .field("identical", r.identical()).endObject();
        }
        return w.endArray().endObject().text() + '\n';
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
