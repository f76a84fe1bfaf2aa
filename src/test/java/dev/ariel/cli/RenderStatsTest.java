package dev.ariel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.testing.MiniJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --stats=json} stays JSON whatever the figures: a time that is not finite prints as null. */
class RenderStatsTest {
    @Test
    void aNonFiniteFigureIsNullNotNaN() {
        RenderStats stats = new RenderStats();
        stats.readMillis = Double.NaN;
        stats.compileMillis = Double.POSITIVE_INFINITY;
        stats.writeMillis = 2.5;
        stats.fact("model", "a \"quoted\" name.vm");
        String json = stats.json();
        assertTrue(json.contains("\"read_ms\":null") && json.contains("\"compile_ms\":null"), json);
        Map<?, ?> parsed = (Map<?, ?>) MiniJson.parse(json);
        assertEquals(2.5, parsed.get("write_ms"));
        assertEquals("a \"quoted\" name.vm", parsed.get("model"));
        assertEquals(0.0, parsed.get("frames"));
    }
}
