package dev.ariel.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The comparison chart, read back with an XML parser as a viewer would. */
class ComparisonChartTest {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    /** A row whose compile time splits over the four phases and sums back to {@code compileMs}. */
    private static LevelResult row(String label, String strategy, double compileMs, double renderMs, long breakEven) {
        boolean interp = label.equals("interp");
        double c = interp ? 0 : compileMs;
        return new LevelResult(label, strategy, interp, interp ? 0 : 1, 900, 600, c / 8, c / 2, c / 4, c / 8, 4096,
                renderMs, renderMs * 0.9, renderMs * 1.2, c + renderMs * 1.5, breakEven, true, "");
    }

    private static Comparison comparison(String model) {
        return new Comparison(model, 1024, 1024, 7, "znver5", List.of(
                row("interp", "brute", 0, 294, -1),
                row("O0", "brute", 61, 89, 1),
                row("O1", "brute", 212, 27, 3),
                row("O2", "brute", 226, 28, 0),
                row("O3", "brute", 228, 31, 0),
                row("O2/none", "brute", 107, 44, 0),
                row("interp", "pruned", 0, 38, -1),
                row("O0", "pruned", 420, 14, 18),
                row("O2", "pruned", 1390, 5.9, 118)));
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document d, String name) {
        NodeList nodes = d.getElementsByTagNameNS(SVG_NS, name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) out.add((Element) nodes.item(i));
        return out;
    }

    private static List<String> texts(Document d) {
        return elements(d, "text").stream().map(Element::getTextContent).toList();
    }

    private static List<Element> rects(Document d, String kind, String strategy, String level) {
        return elements(d, "rect").stream()
                .filter(e -> e.getAttribute("class").equals(kind) && e.getAttribute("data-strategy").equals(strategy)
                        && e.getAttribute("data-level").equals(level))
                .toList();
    }

    private static double width(Document d, String kind, String strategy, String level) {
        List<Element> found = rects(d, kind, strategy, level);
        assertEquals(1, found.size(), kind + " rects of " + strategy + " " + level);
        return Double.parseDouble(found.get(0).getAttribute("width"));
    }

    /** Coordinates are written to a hundredth of a pixel, so ratios hold to about that over the widths. */
    private static void assertRatio(double expected, double numerator, double denominator) {
        assertEquals(expected, numerator / denominator, expected * 1e-3);
    }

    @Test
    void isAnSvgDocumentWithEveryLevelLabelled() throws Exception {
        Comparison c = comparison("prospero.vm");
        Document d = parse(ComparisonChart.svg(c));
        Element root = d.getDocumentElement();
        assertEquals(SVG_NS, root.getNamespaceURI());
        assertEquals("svg", root.getLocalName());
        List<String> texts = texts(d);
        for (LevelResult r : c.rows()) assertTrue(texts.contains(r.label()), "no text for " + r.label());
        assertTrue(texts.contains("brute force: whole model"), texts::toString);
        assertTrue(texts.contains("pruned: quadtree tiles"), texts::toString);
        assertTrue(texts.stream().anyMatch(t -> t.contains("median of 7 interleaved runs")), texts::toString);
        assertTrue(texts.stream().anyMatch(t -> t.contains("prospero.vm") && t.contains("1024\u00d71024")
                && t.contains("znver5")), texts::toString);
        assertTrue(texts.contains("compile 212 ms + 27 ms/frame"), texts::toString);
        assertTrue(texts.contains("interpreter: 294 ms/frame"), texts::toString);
    }

    @Test
    void hasOneCompileRectPerCompiledRowAndOneRenderRectPerRow() throws Exception {
        Comparison c = comparison("prospero.vm");
        Document d = parse(ComparisonChart.svg(c));
        for (LevelResult r : c.rows()) {
            assertEquals(r.interpreter() ? 0 : 1, rects(d, "compile", r.strategy(), r.label()).size(), r.toString());
            assertEquals(1, rects(d, "render", r.strategy(), r.label()).size(), r.toString());
        }
        long compiled = c.rows().stream().filter(r -> !r.interpreter()).count();
        assertEquals(compiled, elements(d, "rect").stream().filter(e -> e.getAttribute("class").equals("compile")).count());
        assertEquals(c.rows().size(), elements(d, "rect").stream().filter(e -> e.getAttribute("class").equals("render")).count());
    }

    @Test
    void barWidthsAreProportionalToMilliseconds() throws Exception {
        Document d = parse(ComparisonChart.svg(comparison("prospero.vm")));
        assertRatio(212.0 / 61, width(d, "compile", "brute", "O1"), width(d, "compile", "brute", "O0"));
        assertRatio(294.0 / 89, width(d, "render", "brute", "interp"), width(d, "render", "brute", "O0"));
        // One axis for both strategies, so pruned bars compare with brute force ones.
        assertRatio(1390.0 / 61, width(d, "compile", "pruned", "O2"), width(d, "compile", "brute", "O0"));
        assertRatio(89.0 / 61, width(d, "render", "brute", "O0"), width(d, "compile", "brute", "O0"));
    }

    @Test
    void renderSegmentFollowsTheCompileSegment() throws Exception {
        Document d = parse(ComparisonChart.svg(comparison("prospero.vm")));
        Element compile = rects(d, "compile", "brute", "O3").get(0);
        Element render = rects(d, "render", "brute", "O3").get(0);
        double end = Double.parseDouble(compile.getAttribute("x")) + Double.parseDouble(compile.getAttribute("width"));
        assertEquals(end, Double.parseDouble(render.getAttribute("x")), 0.011);
        assertEquals(compile.getAttribute("y"), render.getAttribute("y"));
    }

    @Test
    void statesEachBreakEvenAgainstTheLevelAboveIt() throws Exception {
        List<String> texts = texts(parse(ComparisonChart.svg(comparison("prospero.vm"))));
        assertTrue(texts.contains("pays off after 1 frame vs interp"), texts::toString);
        assertTrue(texts.contains("pays off after 3 frames vs O0"), texts::toString);
        assertTrue(texts.contains("never faster than O1"), texts::toString);
        assertTrue(texts.contains("pays off after 118 frames vs O0"), texts::toString);
        assertTrue(texts.stream().noneMatch(t -> t.contains("vs the level below")), texts::toString);
    }

    @Test
    void marksBreakEvensInTheCumulativePanel() throws Exception {
        Document d = parse(ComparisonChart.svg(comparison("prospero.vm")));
        List<String> marked = elements(d, "circle").stream()
                .filter(e -> e.getAttribute("class").equals("break-even")).map(e -> e.getAttribute("data-level")).toList();
        // O0 and O1 of brute force, O0 and O2 of pruned; the "never" rows have no crossing.
        assertEquals(List.of("O0", "O1", "O0", "O2"), marked);
        assertEquals(9, elements(d, "line").stream().filter(e -> e.getAttribute("class").equals("cumulative")).count());
    }

    @Test
    void escapesTheModelNameAndStillParses() throws Exception {
        String model = "Tom & \"Jerry\" <draft> 'v2'.vm";
        String svg = ComparisonChart.svg(comparison(model));
        assertFalse(svg.contains("<draft>"));
        assertTrue(svg.contains("Tom &amp; &quot;Jerry&quot; &lt;draft&gt; &apos;v2&apos;.vm"));
        Document d = parse(svg);
        assertTrue(texts(d).stream().anyMatch(t -> t.startsWith(model + " at ")), () -> texts(d).toString());
        assertEquals(model + " at 1024\u00d71024 on znver5",
                d.getElementsByTagNameNS(SVG_NS, "title").item(0).getTextContent());
    }

    @Test
    void replacesCharactersXmlCannotHold() throws Exception {
        Comparison c = new Comparison("bell\u0007 and lone \ud800.vm", 64, 64, 1, "host&<>", List.of(row("O1", "brute", 5, 1, -1)));
        Document d = parse(ComparisonChart.svg(c));
        assertTrue(texts(d).contains("bell\ufffd and lone \ufffd.vm at 64\u00d764 on host&<>"), () -> texts(d).toString());
    }

    @Test
    void drawsASingleRow() throws Exception {
        Comparison c = new Comparison("one.vm", 64, 64, 1, "generic", List.of(row("O2", "brute", 30, 2, -1)));
        Document d = parse(ComparisonChart.svg(c));
        assertEquals(1, rects(d, "compile", "brute", "O2").size());
        assertEquals(1, rects(d, "render", "brute", "O2").size());
        assertTrue(texts(d).contains("O2"));
        assertTrue(texts(d).stream().anyMatch(t -> t.contains("median of 1 run")), () -> texts(d).toString());
        // No second level, so nothing to plot cumulatively.
        assertTrue(elements(d, "circle").isEmpty());
        assertEquals(0, elements(d, "line").stream().filter(e -> e.getAttribute("class").equals("cumulative")).count());
    }

    @Test
    void drawsInterpretersOnly() throws Exception {
        Comparison c = new Comparison("i.vm", 64, 64, 3, "generic",
                List.of(row("interp", "brute", 0, 12, -1), row("interp", "pruned", 0, 3, -1)));
        Document d = parse(ComparisonChart.svg(c));
        assertEquals(0, elements(d, "rect").stream().filter(e -> e.getAttribute("class").equals("compile")).count());
        assertRatio(4.0, width(d, "render", "brute", "interp"), width(d, "render", "pruned", "interp"));
    }

    @Test
    void keepsATinyRenderSegmentVisibleBesideAHugeCompile() throws Exception {
        Comparison c = new Comparison("big.vm", 64, 64, 3, "generic",
                List.of(row("O0", "brute", 0, 50, -1), row("O3", "brute", 1_000_000, 0.01, 20_000_000)));
        String svg = ComparisonChart.svg(c);
        Document d = parse(svg);
        assertTrue(width(d, "render", "brute", "O3") >= 2, svg);
        assertEquals(0, width(d, "compile", "brute", "O0"));
        assertTrue(texts(d).stream().anyMatch(t -> t.contains("drawn 3 px wide")), () -> texts(d).toString());
        assertTrue(texts(d).contains("compile 1000000 ms + 0.01 ms/frame"), () -> texts(d).toString());
        assertTrue(texts(d).contains("pays off after 20000000 frames vs O0"), () -> texts(d).toString());
    }

    @Test
    void saysWhenAnImageDiffers() throws Exception {
        LevelResult same = row("O0", "brute", 10, 5, -1);
        LevelResult r = row("O3", "brute", 40, 4, 0);
        LevelResult differs = new LevelResult(r.label(), r.strategy(), false, 1, 1, 1, 10, 10, 10, 10, 1, 4, 4, 4, 44, 0, false, "");
        Document d = parse(ComparisonChart.svg(new Comparison("m.vm", 8, 8, 1, "h", List.of(same, differs))));
        assertTrue(texts(d).contains("never faster than O0; image differs from interp"), () -> texts(d).toString());
    }

    @Test
    void isDeterministicAndIgnoresTheDefaultLocale() {
        Comparison c = comparison("prospero.vm");
        String first = ComparisonChart.svg(c);
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals(first, ComparisonChart.svg(c));
        } finally {
            Locale.setDefault(saved);
        }
        assertTrue(ComparisonChart.svg(new Comparison("m.vm", 8, 8, 1, "h", List.of(row("O1", "brute", 1.25, 0.5, -1))))
                .contains("compile 1.3 ms + 0.50 ms/frame"));
    }

    @Test
    void writesTheFileAtomically(@TempDir Path dir) throws Exception {
        Comparison c = comparison("prospero.vm");
        Path file = dir.resolve("levels.svg");
        Files.writeString(file, "old");
        ComparisonChart.write(c, file, dev.ariel.io.OutputFiles.unguarded());
        assertEquals(ComparisonChart.svg(c), Files.readString(file, StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        parse(Files.readString(file));
    }
}
