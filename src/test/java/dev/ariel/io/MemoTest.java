package dev.ariel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** {@link Memo}: what the daemon keeps between commands, and what it drops. */
class MemoTest {
    @Test
    void noneKeepsNothing() {
        Memo.NONE.put("k", "v", 1);
        assertNull(Memo.NONE.get("k"));
    }

    @Test
    void aBoundedMemoDropsTheLeastRecentlyUsedPastItsCount() {
        Memo m = Memo.bounded(2, 1000);
        m.put("a", 1, 10);
        m.put("b", 2, 10);
        assertEquals(1, m.get("a")); // a is now more recent than b
        m.put("c", 3, 10);
        assertEquals(1, m.get("a"));
        assertNull(m.get("b"));
        assertEquals(3, m.get("c"));
    }

    @Test
    void aBoundedMemoKeepsItsWeightUnderTheBound() {
        Memo m = Memo.bounded(10, 100);
        m.put("a", 1, 60);
        m.put("b", 2, 30);
        m.put("c", 3, 30); // 120 > 100: a goes
        assertNull(m.get("a"));
        assertEquals(2, m.get("b"));
        assertEquals(3, m.get("c"));
        m.put("huge", 4, 101); // heavier than the whole memo: not kept, and nothing is dropped for it
        assertNull(m.get("huge"));
        assertEquals(2, m.get("b"));
        m.put("b", 5, 80); // replacing a key counts its new weight only: b 80 + c 30 > 100, so c goes
        assertEquals(5, m.get("b"));
        assertNull(m.get("c"));
    }
}
