package dev.ariel.compare;

import dev.ariel.io.OutputFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.ariel.compare.Svg.Ticks;

import static dev.ariel.compare.Svg.escape;
import static dev.ariel.compare.Svg.frames;
import static dev.ariel.compare.Svg.ms;
import static dev.ariel.compare.Svg.num;
import static dev.ariel.compare.Svg.plain;
import static dev.ariel.compare.Svg.shorten;
import static dev.ariel.compare.Svg.textWidth;

/**
 * Draws a {@link Comparison} as a standalone SVG 1.1 chart, the picture beside the table.
 *
 * <p>The top part has, per strategy, one horizontal stacked bar per row: the compile time (none for
 * the interpreter) followed by the median render time of one frame, all on one millisecond axis, so
 * brute force and pruned rows compare directly. Right of the bars each row states its numbers and
 * its break-even against the row it names ({@link LevelResult#breakEvenVs()}: the level below, or
 * a codegen variant's own level), or else the row above it in its strategy's group. Below, per strategy, a small panel plots each level's cumulative time,
 * compile plus n frames, and rings the points where a level starts to pay off.
 *
 * <p>The output depends only on the comparison: no clock, no default locale, no hash order. Rects
 * of the bars carry {@code class="compile"} or {@code class="render"} and {@code data-strategy} and
 * {@code data-level} attributes so that scripts and tests can find them.
 */
public final class ComparisonChart {
    // Okabe and Ito's palette, which stays distinguishable under the common colour-vision deficiencies.
    private static final String COMPILE_FILL = "#E69F00";
    private static final String RENDER_FILL = "#0072B2";
    private static final String[] LINE_COLOURS = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00"};
    private static final String INTERP_COLOUR = "#000000";
    private static final String INK = "#222222";
    private static final String MUTED = "#5f5f5f";
    private static final String GRID = "#e4e4e4";
    private static final String AXIS = "#8c8c8c";
    private static final String WARN = "#B04000";

    private static final double MIN_WIDTH = 960;
    private static final double MARGIN = 20;
    private static final double ROW_H = 38;
    private static final double BAR_H = 20;
    private static final double MIN_BAR_AREA = 320;
    // A render segment thinner than this would vanish beside a long compile.
    private static final double MIN_RENDER_PX = 3;
    private static final double PANEL_PLOT_H = 170;
    private static final double PANEL_GAP = 28;

    private final Comparison comparison;
    private final List<Group> groups;
    private final Map<String, String> lineColours = new LinkedHashMap<>();
    private final StringBuilder out = new StringBuilder();
    private int clipIds;

    private ComparisonChart(Comparison comparison) {
        this.comparison = comparison;
        Map<String, List<LevelResult>> byStrategy = new LinkedHashMap<>();
        for (LevelResult r : comparison.rows()) byStrategy.computeIfAbsent(r.strategy(), s -> new ArrayList<>()).add(r);
        groups = byStrategy.entrySet().stream().map(e -> new Group(e.getKey(), List.copyOf(e.getValue()))).toList();
        // One colour per label across panels, so O2 looks the same in brute force and pruned.
        int next = 0;
        for (LevelResult r : comparison.rows()) {
            if (!r.interpreter() && !lineColours.containsKey(r.label())) {
                lineColours.put(r.label(), LINE_COLOURS[next++ % LINE_COLOURS.length]);
            }
        }
    }

    /** The chart of {@code comparison} as an SVG document. */
    public static String svg(Comparison comparison) {
        return new ComparisonChart(comparison).draw();
    }

    /**
     * Writes the chart of {@code comparison} to {@code file} as UTF-8, atomically, as one of the run's {@code outputs}.
     *
     * @throws IOException if the file cannot be written or is the model; the target is then untouched
     */
    public static void write(Comparison comparison, Path file, OutputFiles outputs) throws IOException {
        outputs.write(file, svg(comparison).getBytes(StandardCharsets.UTF_8), "the chart");
    }

    /** The rows of one strategy, in table order. */
    private record Group(String strategy, List<LevelResult> rows) {
        String heading() {
            return switch (strategy) {
                case "brute" -> "brute force: whole model";
                case "pruned" -> "pruned: quadtree tiles";
                default -> strategy;
            };
        }

        /** The level row {@code i}'s break-even is measured against, or null for the first row. */
        // The row a break-even is measured against: the one the row names, else the row above.
        LevelResult below(int i) {
            String vs = rows.get(i).breakEvenVs();
            if (vs != null && !vs.isEmpty()) {
                for (LevelResult r : rows) if (r.label().equals(vs)) return r;
            }
            return i > 0 ? rows.get(i - 1) : null;
        }

        boolean worthAPanel() {
            return rows.size() >= 2 && rows.stream().anyMatch(r -> !r.interpreter());
        }
    }

    private String draw() {
        List<LevelResult> rows = comparison.rows();
        double labelW = Math.max(40, rows.stream().mapToDouble(r -> textWidth(r.label(), 13, true)).max().orElse(0));
        double notesW = 200;
        for (Group g : groups) {
            for (int i = 0; i < g.rows().size(); i++) {
                LevelResult r = g.rows().get(i);
                notesW = Math.max(notesW, textWidth(numbers(r), 12, false));
                notesW = Math.max(notesW, textWidth(note(r, g.below(i)), 11, false));
            }
        }
        double x0 = MARGIN + labelW + 10;
        double width = Math.max(MIN_WIDTH, x0 + MIN_BAR_AREA + 16 + notesW + MARGIN);
        double x1 = width - MARGIN - notesW - 16;
        double notesX = x1 + 16;

        String where = " at " + comparison.width() + "\u00d7" + comparison.height() + " on " + comparison.host();
        String title = comparison.model() + where;
        // A model given by a long path would run off the canvas; the document's title keeps it whole.
        int room = (int) ((width - 2 * MARGIN) / (18 * Svg.EM_PER_BOLD_CHAR)) - where.length();
        String shown = shorten(comparison.model(), Math.max(12, room)) + where;
        String subtitle = "Compile time and render time of one frame per optimization level, median of "
                + comparison.runs() + (comparison.runs() == 1 ? " run" : " interleaved runs");
        double y = MARGIN + 18;
        text(MARGIN, y, shown, "font-size=\"18\" font-weight=\"bold\" fill=\"" + INK + "\"");
        y += 20;
        text(MARGIN, y, subtitle, "font-size=\"13\" fill=\"" + MUTED + "\"");
        y += 26;
        legend(MARGIN, y, rows.stream().anyMatch(r -> !r.interpreter()));
        y += 16;

        y = bars(rows, y, x0, x1, notesX);
        y = panels(y, width);
        double height = Math.ceil(y + MARGIN);
        return document(width, height, title, subtitle);
    }

    /** Draws each strategy's bars from {@code y} down, with their millisecond axis; returns the y below. */
    private double bars(List<LevelResult> rows, double y, double x0, double x1, double notesX) {
        double maxMs = rows.stream().mapToDouble(r -> r.compileMs() + r.renderMedianMs()).max().orElse(0);
        Ticks ticks = Ticks.of(maxMs, 8);
        double scale = (x1 - x0) / ticks.end();
        boolean widened = false;
        for (Group g : groups) {
            text(MARGIN, y + 16, g.heading(), "font-size=\"13\" font-weight=\"bold\" fill=\"" + INK + "\"");
            y += 24;
            double rowsTop = y;
            double rowsBottom = y + ROW_H * g.rows().size();
            for (BigDecimal t : ticks.values()) {
                double x = x0 + t.doubleValue() * scale;
                line(x, rowsTop, x, rowsBottom, "stroke=\"" + GRID + "\"");
            }
            for (int i = 0; i < g.rows().size(); i++) {
                widened |= bar(g, i, y, x0, scale, notesX);
                y += ROW_H;
            }
            y += 6;
        }
        line(x0, y, x1, y, "stroke=\"" + AXIS + "\"");
        xTicks(ticks, x0, scale, y, " ms");
        y += 17;
        if (widened) {
            y += 18;
            text(x0, y, "Render segments under " + plain(BigDecimal.valueOf(MIN_RENDER_PX))
                    + " px are drawn " + plain(BigDecimal.valueOf(MIN_RENDER_PX))
                    + " px wide so that they stay visible; the numbers are exact.",
                    "font-size=\"11\" font-style=\"italic\" fill=\"" + MUTED + "\"");
        }
        return y;
    }

    /** Draws the cumulative-time panels, side by side, if any group is worth one; returns the y below. */
    private double panels(double y, double width) {
        List<Group> panelled = groups.stream().filter(Group::worthAPanel).toList();
        if (!panelled.isEmpty()) {
            y += 40;
            text(MARGIN, y, "Cumulative time: compile plus n frames",
                    "font-size=\"14\" font-weight=\"bold\" fill=\"" + INK + "\"");
            y += 18;
            text(MARGIN, y, "A level pays off where its line drops below the line of the level listed above it;"
                    + " rings mark those crossings, labelled with the break-even frame count.",
                    "font-size=\"12\" fill=\"" + MUTED + "\"");
            y += 12;
            int k = panelled.size();
            double panelW = (width - 2 * MARGIN - (k - 1) * PANEL_GAP) / k;
            double bottom = y;
            for (int i = 0; i < k; i++) {
                bottom = Math.max(bottom, panel(panelled.get(i), MARGIN + i * (panelW + PANEL_GAP), y, panelW));
            }
            y = bottom;
        }
        return y;
    }

    /** The SVG document around what was drawn, {@code width} by {@code height}. */
    private String document(double width, double height, String title, String subtitle) {
        StringBuilder doc = new StringBuilder(out.length() + 1024);
        doc.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        doc.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(num(width))
                .append("\" height=\"").append(num(height)).append("\" viewBox=\"0 0 ").append(num(width)).append(' ')
                .append(num(height)).append("\" font-family=\"Helvetica, Arial, sans-serif\">\n");
        doc.append("<title>").append(escape(title)).append("</title>\n");
        doc.append("<desc>").append(escape(subtitle)).append("</desc>\n");
        doc.append("<rect x=\"0\" y=\"0\" width=\"").append(num(width)).append("\" height=\"").append(num(height))
                .append("\" fill=\"#ffffff\"/>\n");
        doc.append(out);
        doc.append("</svg>\n");
        return doc.toString();
    }

    private void legend(double x, double baseline, boolean compiled) {
        List<String[]> items = new ArrayList<>();
        if (compiled) items.add(new String[] {COMPILE_FILL, "compile (IR build, passes, codegen, link)"});
        items.add(new String[] {RENDER_FILL, "render one frame (median)"});
        for (String[] item : items) {
            out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(baseline - 10))
                    .append("\" width=\"12\" height=\"12\" fill=\"").append(item[0]).append("\"/>\n");
            text(x + 17, baseline, item[1], "font-size=\"12\" fill=\"" + INK + "\"");
            x += 17 + textWidth(item[1], 12, false) + 24;
        }
    }

    /** Draws row {@code i} of {@code g}; says whether its render segment had to be widened. */
    private boolean bar(Group g, int i, double top, double x0, double scale, double notesX) {
        LevelResult r = g.rows().get(i);
        String data = " data-strategy=\"" + escape(r.strategy()) + "\" data-level=\"" + escape(r.label()) + "\"";
        double barY = top + 5;
        text(x0 - 10, top + 19.5, r.label(), "font-size=\"13\" font-weight=\"bold\" text-anchor=\"end\" fill=\"" + INK + "\"");
        double x = x0;
        if (!r.interpreter()) {
            double w = r.compileMs() * scale;
            out.append("<rect class=\"compile\"").append(data).append(" x=\"").append(num(x)).append("\" y=\"")
                    .append(num(barY)).append("\" width=\"").append(num(w)).append("\" height=\"").append(num(BAR_H))
                    .append("\" fill=\"").append(COMPILE_FILL).append("\"><title>")
                    .append(escape(r.label() + " compile " + ms(r.compileMs()) + " ms: IR build " + ms(r.buildMs())
                            + ", passes " + ms(r.passMs()) + ", codegen " + ms(r.codegenMs()) + ", link "
                            + ms(r.linkMs()) + "; first image " + ms(r.firstImageMs()) + " ms"))
                    .append("</title></rect>\n");
            x += w;
        }
        double exact = r.renderMedianMs() * scale;
        double w = Math.max(exact, MIN_RENDER_PX);
        out.append("<rect class=\"render\"").append(data).append(" x=\"").append(num(x)).append("\" y=\"")
                .append(num(barY)).append("\" width=\"").append(num(w)).append("\" height=\"").append(num(BAR_H))
                .append("\" fill=\"").append(RENDER_FILL).append("\"><title>")
                .append(escape(r.label() + " one frame " + ms(r.renderMedianMs()) + " ms median (min "
                        + ms(r.renderMinMs()) + ", max " + ms(r.renderMaxMs()) + ")"))
                .append("</title></rect>\n");

        String note = note(r, g.below(i));
        if (note.isEmpty()) {
            text(notesX, top + 19.5, numbers(r), "font-size=\"12\" fill=\"" + INK + "\"");
        } else {
            text(notesX, top + 15, numbers(r), "font-size=\"12\" fill=\"" + INK + "\"");
            String colour = r.identical() ? MUTED : WARN;
            text(notesX, top + 30, note, "font-size=\"11\" fill=\"" + colour + "\"");
        }
        return exact < MIN_RENDER_PX;
    }

    /** The first line of a row's notes: what the bar shows, in numbers. */
    private static String numbers(LevelResult r) {
        return r.interpreter()
                ? "interpreter: " + ms(r.renderMedianMs()) + " ms/frame"
                : "compile " + ms(r.compileMs()) + " ms + " + ms(r.renderMedianMs()) + " ms/frame";
    }

    /** The second line of a row's notes: its break-even and, if so, that its image differs. */
    private static String note(LevelResult r, LevelResult below) {
        String vs = below == null ? "the level below" : below.label();
        String breakEven = r.breakEvenFrames() < 0 ? ""
                : r.breakEvenFrames() == 0 ? "never faster than " + vs
                : "pays off after " + frames(r.breakEvenFrames()) + " vs " + vs;
        if (r.identical()) return breakEven;
        return breakEven.isEmpty() ? "image differs from interp" : breakEven + "; image differs from interp";
    }

    /** Draws the cumulative-time panel of {@code g} with its top left at x, y; returns its bottom. */
    private double panel(Group g, double x, double y, double w) {
        text(x, y + 16, g.heading(), "font-size=\"12\" font-weight=\"bold\" fill=\"" + INK + "\"");
        double plotR = x + w - 78;
        double plotT = y + 30;
        double plotB = plotT + PANEL_PLOT_H;

        long maxBreakEven = g.rows().stream().mapToLong(LevelResult::breakEvenFrames).max().orElse(0);
        Ticks frameTicks = Ticks.of(Math.max(10, 2.0 * maxBreakEven), 5);
        double n = frameTicks.end();
        // The interpreter's line is steep enough to flatten every compiled line, so the compiled
        // levels set the height and the interpreter's line is clipped where it leaves the plot.
        double top = g.rows().stream().filter(r -> !r.interpreter())
                .mapToDouble(r -> r.compileMs() + n * r.renderMedianMs()).max().orElse(0);
        Ticks msTicks = Ticks.of(top, 5);
        List<BigDecimal> ys = msTicks.values();
        List<String> yLabels = new ArrayList<>();
        for (int i = 0; i < ys.size(); i++) yLabels.add(tickLabel(ys, i, " ms"));
        double plotL = x + 8 + yLabels.stream().mapToDouble(s -> textWidth(s, 11, false)).max().orElse(0);
        double sx = (plotR - plotL) / n;
        double sy = (plotB - plotT) / msTicks.end();

        for (int i = 0; i < ys.size(); i++) {
            double py = plotB - ys.get(i).doubleValue() * sy;
            line(plotL, py, plotR, py, "stroke=\"" + (i == 0 ? AXIS : GRID) + "\"");
            text(plotL - 6, py + 4, yLabels.get(i), "font-size=\"11\" text-anchor=\"end\" fill=\"" + MUTED + "\"");
        }
        xTicks(frameTicks, plotL, sx, plotB, " frames");

        String clip = "plot" + clipIds++;
        out.append("<defs><clipPath id=\"").append(clip).append("\"><rect x=\"").append(num(plotL)).append("\" y=\"")
                .append(num(plotT)).append("\" width=\"").append(num(plotR - plotL)).append("\" height=\"")
                .append(num(plotB - plotT)).append("\"/></clipPath></defs>\n");
        out.append("<g clip-path=\"url(#").append(clip).append(")\" fill=\"none\" stroke-width=\"2\">\n");
        List<EndLabel> ends = new ArrayList<>();
        for (LevelResult r : g.rows()) {
            double c = r.interpreter() ? 0 : r.compileMs();
            double endMs = c + n * r.renderMedianMs();
            // Only the interpreter's line can leave through the top (the tolerance keeps a compiled
            // line that ends exactly on the top tick inside); it is labelled where it leaves.
            boolean clipped = endMs > msTicks.end() * (1 + 1e-9);
            double ex = clipped ? plotL + (msTicks.end() - c) / r.renderMedianMs() * sx : plotR;
            double ey = clipped ? plotT : plotB - endMs * sy;
            String colour = colour(r);
            String dash = r.interpreter() ? " stroke-dasharray=\"6 4\"" : "";
            out.append("<line class=\"cumulative\" data-level=\"").append(escape(r.label())).append("\" x1=\"")
                    .append(num(plotL)).append("\" y1=\"").append(num(plotB - c * sy)).append("\" x2=\"")
                    .append(num(plotR)).append("\" y2=\"").append(num(plotB - endMs * sy)).append("\" stroke=\"")
                    .append(colour).append('"').append(dash).append("/>\n");
            ends.add(new EndLabel(r.label(), colour, ex, ey, clipped));
        }
        out.append("</g>\n");

        breakEvens(g, plotL, plotB, sx, sy, n, msTicks.end());
        endLabels(ends, plotT, plotB);
        return plotB + 24;
    }

    /** Rings the points where a row's line crosses the line of the row it is compared with. */
    private void breakEvens(Group g, double plotL, double plotB, double sx, double sy, double n, double msEnd) {
        for (int i = 1; i < g.rows().size(); i++) {
            LevelResult r = g.rows().get(i);
            LevelResult below = g.below(i);
            if (r.breakEvenFrames() <= 0 || r.renderMedianMs() >= below.renderMedianMs()) continue;
            double cr = r.interpreter() ? 0 : r.compileMs();
            double cb = below.interpreter() ? 0 : below.compileMs();
            // Where the lines cross; the label is the break-even as measured, a whole frame count.
            double at = (cr - cb) / (below.renderMedianMs() - r.renderMedianMs());
            double atMs = cr + at * r.renderMedianMs();
            if (at < 0 || at > n || atMs > msEnd) continue;
            double px = plotL + at * sx;
            double py = plotB - atMs * sy;
            out.append("<circle class=\"break-even\" data-level=\"").append(escape(r.label())).append("\" cx=\"")
                    .append(num(px)).append("\" cy=\"").append(num(py)).append("\" r=\"4\" fill=\"#ffffff\" stroke=\"")
                    .append(colour(r)).append("\" stroke-width=\"2\"><title>")
                    .append(escape(r.label() + " pays off after " + frames(r.breakEvenFrames()) + " vs "
                            + below.label()))
                    .append("</title></circle>\n");
            text(px - 2, py - 8, Long.toString(r.breakEvenFrames()),
                    "font-size=\"11\" font-weight=\"bold\" text-anchor=\"end\" fill=\"" + INK + "\"");
        }
    }

    /** Tick marks and labels below a horizontal axis at {@code y}, {@code scale} px a unit from {@code x0}. */
    private void xTicks(Ticks ticks, double x0, double scale, double y, String unit) {
        List<BigDecimal> values = ticks.values();
        for (int i = 0; i < values.size(); i++) {
            double x = x0 + values.get(i).doubleValue() * scale;
            line(x, y, x, y + 4, "stroke=\"" + AXIS + "\"");
            text(x, y + 17, tickLabel(values, i, unit), "font-size=\"11\" text-anchor=\"middle\" fill=\"" + MUTED + "\"");
        }
    }

    // Only the last tick names the unit, as a reader reads an axis.
    private static String tickLabel(List<BigDecimal> values, int i, String unit) {
        return plain(values.get(i)) + (i == values.size() - 1 ? unit : "");
    }

    private record EndLabel(String label, String colour, double x, double y, boolean clipped) {}

    /** Labels the lines at their right ends, nudged apart so that close lines stay legible. */
    private void endLabels(List<EndLabel> ends, double plotT, double plotB) {
        List<EndLabel> right = new ArrayList<>(ends.stream().filter(e -> !e.clipped()).toList());
        right.sort(Comparator.comparingDouble(EndLabel::y));
        double gap = 13;
        double[] at = new double[right.size()];
        for (int i = 0; i < at.length; i++) at[i] = i == 0 ? right.get(i).y() : Math.max(right.get(i).y(), at[i - 1] + gap);
        // Pushed past the bottom axis: slide the stack back up.
        for (int i = at.length - 1; i >= 0; i--) {
            double limit = i == at.length - 1 ? plotB + 4 : at[i + 1] - gap;
            at[i] = Math.min(at[i], limit);
        }
        for (int i = 0; i < at.length; i++) {
            EndLabel e = right.get(i);
            line(e.x() + 3, at[i], e.x() + 13, at[i], "stroke=\"" + e.colour() + "\" stroke-width=\"2\"");
            text(e.x() + 16, at[i] + 4, e.label(), "font-size=\"11\" fill=\"" + INK + "\"");
        }
        for (EndLabel e : ends) {
            if (e.clipped()) text(e.x() + 5, plotT + 11, e.label(), "font-size=\"11\" fill=\"" + INK + "\"");
        }
    }

    private String colour(LevelResult r) {
        return r.interpreter() ? INTERP_COLOUR : lineColours.get(r.label());
    }

    private void text(double x, double y, String s, String attributes) {
        out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" ").append(attributes)
                .append('>').append(escape(s)).append("</text>\n");
    }

    private void line(double x1, double y1, double x2, double y2, String attributes) {
        out.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"").append(num(x2))
                .append("\" y2=\"").append(num(y2)).append("\" ").append(attributes).append("/>\n");
    }
}
