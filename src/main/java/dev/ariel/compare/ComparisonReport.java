package dev.ariel.compare;

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
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"model\":").append(Json.quote(c.model())).append(",\"width\":").append(c.width())
                .append(",\"height\":").append(c.height()).append(",\"host\":").append(Json.quote(c.host()))
                .append(",\"runs\":").append(c.runs()).append(",\"rows\":[");
        for (int i = 0; i < c.rows().size(); i++) {
            LevelResult r = c.rows().get(i);
            if (i > 0) sb.append(',');
            sb.append("{\"strategy\":").append(Json.quote(r.strategy())).append(",\"level\":").append(Json.quote(r.label()))
                    .append(",\"interpreter\":").append(r.interpreter()).append(",\"kernels\":").append(r.tapes())
                    .append(",\"ir_before\":").append(r.irBefore()).append(",\"ir_after\":").append(r.irAfter())
                    .append(",\"build_ms\":").append(f3(r.buildMs())).append(",\"passes_ms\":").append(f3(r.passMs()))
                    .append(",\"codegen_ms\":").append(f3(r.codegenMs())).append(",\"link_ms\":").append(f3(r.linkMs()))
                    .append(",\"compile_ms\":").append(f3(r.compileMs())).append(",\"code_bytes\":").append(r.codeBytes())
                    .append(",\"render_median_ms\":").append(f3(r.renderMedianMs()))
                    .append(",\"render_min_ms\":").append(f3(r.renderMinMs()))
                    .append(",\"render_max_ms\":").append(f3(r.renderMaxMs()))
                    .append(",\"first_image_ms\":").append(f3(r.firstImageMs()))
                    .append(",\"break_even_frames\":").append(r.breakEvenFrames())
                    .append(",\"break_even_vs\":").append(Json.quote(r.breakEvenVs()))
                    .append(",\"identical\":").append(r.identical()).append('}');
        }
        return sb.append("]}").append('\n').toString();
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
