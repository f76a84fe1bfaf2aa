package dev.ariel.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 9110's If-None-Match rules and the strong tags of {@link EntityTags}. */
class EntityTagsTest {
    private static final String TAG = EntityTags.of("a tile".getBytes(StandardCharsets.UTF_8));

    @Test
    void tagsAreStrongQuotedHashesOfTheBytes() {
        assertTrue(TAG.matches("\"[0-9a-f]{32}\""), TAG);
        assertEquals(TAG, EntityTags.of("a tile".getBytes(StandardCharsets.UTF_8)));
        // Same length, same 32-bit Arrays.hashCode ("Aa" and "BB" collide): the old tag's weakness.
        assertNotEquals(EntityTags.of("Aa".getBytes(StandardCharsets.UTF_8)), EntityTags.of("BB".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void listsStarsAndWeakTagsMatchByWeakComparison() {
        String other = "\"0123\"";
        assertTrue(EntityTags.noneMatchHits(TAG, TAG));
        assertTrue(EntityTags.noneMatchHits("*", TAG));
        assertTrue(EntityTags.noneMatchHits("W/" + TAG, TAG));
        assertTrue(EntityTags.noneMatchHits(other + ", " + TAG, TAG));
        assertTrue(EntityTags.noneMatchHits(other + ",W/" + TAG + " , \"x\"", TAG));
        assertTrue(EntityTags.noneMatchHits(" ,  " + TAG + "\t", TAG));
    }

    @Test
    void otherTagsAndBadHeadersMatchNothing() {
        assertFalse(EntityTags.noneMatchHits(null, TAG));
        assertFalse(EntityTags.noneMatchHits("", TAG));
        assertFalse(EntityTags.noneMatchHits("\"0123\", W/\"4567\"", TAG));
        assertFalse(EntityTags.noneMatchHits(TAG.substring(1, TAG.length() - 1), TAG), "unquoted");
        assertFalse(EntityTags.noneMatchHits(TAG.substring(0, TAG.length() - 1), TAG), "unterminated");
        assertFalse(EntityTags.noneMatchHits("w/" + TAG, TAG), "W/ is case-sensitive");
        assertFalse(EntityTags.noneMatchHits(TAG + "x", TAG), "junk after a tag");
    }
}
