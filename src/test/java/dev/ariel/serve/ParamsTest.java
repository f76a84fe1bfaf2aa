package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's own query decoding and typed parameters, and the rule for upload names. */
class ParamsTest {
    private static void assertBadRequest(String message, Runnable r) {
        ApiException e = assertThrows(ApiException.class, r::run);
        assertEquals(400, e.status());
        assertEquals(message, e.getMessage());
    }

    @Test
    void queriesAreDecodedAsUtf8WithPlusAsASpace() {
        Params p = Params.of("name=my+model%20(1).vm&city=K%C3%B6ln&empty");
        assertEquals("my model (1).vm", p.text("name", null));
        assertEquals("Köln", p.text("city", null));
        assertEquals("", p.text("empty", null));
        assertEquals("d", p.text("absent", "d"));
    }

    @Test
    void malformedEscapesAndNonUtf8AreOneLine400s() {
        assertBadRequest("the query is not valid URL encoding: a '%' at 6 is not followed by two hex digits",
                () -> Params.of("name=%zz"));
        assertBadRequest("the query is not valid URL encoding: a '%' at 3 is not followed by two hex digits",
                () -> Params.of("a=%4"));
        assertBadRequest("the query is not valid URL encoding: its escapes are not UTF-8", () -> Params.of("a=%E2%82"));
        assertBadRequest("parameter 'a' is given twice", () -> Params.of("a=1&a=2"));
    }

    @Test
    void typedValuesRefuseWhatTheyDoNotHold() {
        Params p = Params.of("w=12&x=1e3&bad=0x10&inf=Infinity&mode=sdf");
        assertEquals(12, p.integer("w", 0));
        assertEquals(7, p.integer("h", 7));
        assertEquals(1000.0, p.real("x", 0));
        assertBadRequest("bad must be a finite number, not '0x10'", () -> p.real("bad", 0));
        assertBadRequest("inf must be a finite number, not 'Infinity'", () -> p.real("inf", 0));
        assertBadRequest("x must be an integer, not '1e3'", () -> p.integer("x", 0));
        Map<String, Integer> words = Map.of("mono", 1, "sdf", 2);
        assertEquals(2, p.choice("mode", "mono", words, List.of("mono", "sdf")));
        assertBadRequest("w must be mono or sdf, not '12'", () -> p.choice("w", "mono", words, List.of("mono", "sdf")));
        assertBadRequest("unknown parameter 'bad'; this path takes w, x, inf, mode",
                () -> p.known("w", "x", "inf", "mode"));
    }

    @Test
    void pathsInMessagesShowUtf8AndKeepAsciiEscapes() {
        assertEquals("/h\u00e9llo", Params.displayPath("/h%C3%A9llo"));
        assertEquals("/viewer/..%2F..%2Fetc", Params.displayPath("/viewer/..%2F..%2Fetc"));
        assertEquals("/x%FF%FE", Params.displayPath("/x%FF%FE"), "not UTF-8: shown as sent");
        assertEquals("/%", Params.displayPath("/%"));
    }

    @Test
    void uploadNamesMayHoldAnyCharacterButSeparatorsAndControls() {
        for (String ok : List.of("my model (1).vm", "mod\u00e8le.vm", "a'b\"c.vm", "x".repeat(100))) {
            assertEquals(ok, UploadName.check(ok));
        }
        for (String bad : List.of("", "../etc/passwd", "a\\b.vm", "line\nbreak.vm", "..", "x".repeat(101))) {
            assertBadRequest("name must be 1 to 100 characters with no '/', '\\' or control character, not '" + bad + "'",
                    () -> UploadName.check(bad));
        }
    }
}
