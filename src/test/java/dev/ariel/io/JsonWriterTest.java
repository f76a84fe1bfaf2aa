package dev.ariel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ariel.testing.MiniJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ariel's one JSON writer: valid text for every value it accepts, and misuse refused. */
class JsonWriterTest {
    @Test
    void nonFiniteNumbersAreNullSoTheTextStaysJson() {
        String json = JsonWriter.compact().beginObject().field("nan", Double.NaN).field("inf", Double.POSITIVE_INFINITY)
                .field("ninf", Double.NEGATIVE_INFINITY).field("ms", 1.23456).endObject().text();
        assertEquals("{\"nan\":null,\"inf\":null,\"ninf\":null,\"ms\":1.235}", json);
        Map<?, ?> parsed = (Map<?, ?>) MiniJson.parse(json);
        assertEquals(null, parsed.get("nan"));
        assertEquals(1.235, parsed.get("ms"));
        assertEquals("null", JsonWriter.number(Double.NaN));
    }

    @Test
    void stringsAreEscapedOnceAndRoundTrip() {
        String nasty = "a \"quoted\" \\ back\nslash\t\r\u0001 ü \u2028 end";
        String json = JsonWriter.compact().beginArray().value(nasty).value((String) null).endArray().text();
        assertEquals(java.util.Arrays.asList(nasty, null), MiniJson.parse(json));
        assertEquals("\"\\u0001\"", JsonWriter.quote("\u0001"));
    }

    @Test
    void nestedObjectsAndArraysInBothStyles() {
        assertEquals("{\"a\":1,\"b\":[true,{\"c\":\"d\"},[]],\"e\":{}}", nested(JsonWriter.compact()));
        assertEquals("{\"a\": 1, \"b\": [true, {\"c\": \"d\"}, []], \"e\": {}}", nested(JsonWriter.spaced()));
        assertEquals(Map.of("a", 1.0, "b", List.of(true, Map.of("c", "d"), List.of()), "e", Map.of()),
                MiniJson.parse(nested(JsonWriter.spaced())));
        assertEquals("-7", JsonWriter.compact().value(-7).text());
    }

    private static String nested(JsonWriter w) {
        return w.beginObject().field("a", 1).name("b").beginArray().value(true).beginObject().field("c", "d").endObject()
                .beginArray().endArray().endArray().name("e").beginObject().endObject().endObject().text();
    }

    @Test
    void misuseIsRefusedRatherThanWrittenAsBrokenText() {
        assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginObject().value(1));
        assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginArray().name("x"));
        assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginObject().name("x").name("y"));
        assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginObject().name("x").endObject());
        assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginObject().endArray());
        assertThrows(IllegalStateException.class, () -> JsonWriter.compact().beginObject().text());
        assertThrows(IllegalStateException.class, () -> JsonWriter.compact().text());
        assertThrows(IllegalStateException.class, () -> JsonWriter.compact().value(1).value(2));
    }
}
