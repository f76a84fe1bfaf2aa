package dev.ariel.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ariel.render.ImageFormat;
import dev.ariel.render.RenderMode;
import org.junit.jupiter.api.Test;

/** The library's choices parse themselves, with one-line errors that list what may be chosen. */
class ChoicesTest {
    @Test
    void everyChoiceParsesItsOwnNames() {
        for (RenderMode m : RenderMode.values()) assertEquals(m, RenderMode.parse(m.label()));
        for (EngineKind e : EngineKind.values()) assertEquals(e, EngineKind.parse(e.label()));
        for (Strategy s : Strategy.values()) assertEquals(s, Strategy.parse(s.label()));
        for (ImageFormat f : ImageFormat.values()) assertEquals(f, ImageFormat.parse(f.extension()));
        for (IrListing.Stage s : IrListing.Stage.values()) assertEquals(s, IrListing.Stage.parse(s.label()));
    }

    @Test
    void anUnknownNameGetsOneLineListingTheChoices() {
        assertEquals("expected mono, debug or sdf, not 'SDF'",
                assertThrows(IllegalArgumentException.class, () -> RenderMode.parse("SDF")).getMessage());
        assertEquals("unknown engine 'llvm'; choose one of auto, interp, jit",
                assertThrows(IllegalArgumentException.class, () -> EngineKind.parse("llvm")).getMessage());
        assertEquals("expected pruned or brute, not ''",
                assertThrows(IllegalArgumentException.class, () -> Strategy.parse("")).getMessage());
        assertEquals("expected png, ppm or pgm, not 'jpg'",
                assertThrows(IllegalArgumentException.class, () -> ImageFormat.parse("jpg")).getMessage());
        assertEquals("expected before or after, not 'during'",
                assertThrows(IllegalArgumentException.class, () -> IrListing.Stage.parse("during")).getMessage());
    }

    @Test
    void aCompileTileOutsideTheTileSizesIsRefused() {
        RenderSettings s = RenderSettings.of(EngineKind.AUTO, Strategy.PRUNED);
        assertEquals("the compile tile 64 is not one of the tile sizes " + s.tiles(), assertThrows(
                IllegalArgumentException.class, () -> s.withTiles(s.tiles(), 64)).getMessage());
        // The interpreter compiles nothing, so any compile tile will do.
        RenderSettings.of(EngineKind.INTERP, Strategy.PRUNED).withTiles(s.tiles(), 64);
    }
}
