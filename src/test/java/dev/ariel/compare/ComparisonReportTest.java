package dev.ariel.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.testing.MiniJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code compare --format json} is JSON whatever the figures and names hold. */
class ComparisonReportTest {
    @Test
    void aFigureThatIsNotFiniteIsNullAndNamesAreEscaped() {
        LevelResult row = new LevelResult("O2", "brute", false, 1, 900, 600, Double.NaN, 1.5, 2.25, 0.125, 4096,
                Double.POSITIVE_INFINITY, 3, 4, 5, 7, true, "O1");
        Comparison c = new Comparison("dir \"quoted\"\\model.vm", 64, 32, 3, "host\tname", List.of(row));
        String json = ComparisonReport.json(c);
        assertTrue(json.endsWith("}\n") && !json.contains("NaN") && !json.contains("Infinity"), json);
        Map<?, ?> parsed = (Map<?, ?>) MiniJson.parse(json.strip());
        assertEquals("dir \"quoted\"\\model.vm", parsed.get("model"));
        assertEquals("host\tname", parsed.get("host"));
        Map<?, ?> r = (Map<?, ?>) ((List<?>) parsed.get("rows")).get(0);
        assertTrue(r.containsKey("build_ms") && r.get("build_ms") == null, json);
        assertTrue(r.containsKey("render_median_ms") && r.get("render_median_ms") == null, json);
        assertEquals(1.5, r.get("passes_ms"));
        assertEquals(0.125, r.get("link_ms"));
        assertEquals(7.0, r.get("break_even_frames"));
        assertEquals("O1", r.get("break_even_vs"));
        assertEquals(true, r.get("identical"));
    }
}
