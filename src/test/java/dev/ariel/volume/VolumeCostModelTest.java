package dev.ariel.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.tape.Box;
import dev.ariel.tape.SsaTape;
import org.junit.jupiter.api.Test;

/** The 3D cost model prices tapes by instruction class, and its decider by the voxels a box may evaluate over the frames expected. */
class VolumeCostModelTest {
    private static final VolumeCostModel MODEL = new VolumeCostModel(1, 10, 20, 30, 0.1, 8, 18, 35, 1000, 10, 500);

    private static SsaTape tape(String text) throws Exception {
        return Model.parse(text, "cost.vm").tape();
    }

    @Test
    void costsAddUpByClass() throws Exception {
        SsaTape t = tape("x var-x\ny var-y\na exp x\nb exp y\nc ln a\nd sin b\ns add c d\n");
        // var-x, var-y and add are plain: 3 plain, 2 exp, 1 ln, 1 trig.
        assertEquals(3 * 1 + 2 * 10 + 20 + 30, MODEL.interpNanos(t), 1e-9);
        assertEquals(3 * 0.1 + 2 * 8 + 18 + 35, MODEL.jitNanos(t), 1e-9);
        // exp is one function however often it is called: three distinct math opcodes.
        assertEquals(1000 + 7 * 10 + 3 * 500, MODEL.compileNanos(t), 1e-9);
    }

    @Test
    void plainTapesPaySoonerThanTranscendentalOnes() throws Exception {
        SsaTape plain = tape("x var-x\ny var-y\na add x y\nb mul a a\nc sub b x\n");
        SsaTape trig = tape("x var-x\ny var-y\na sin x\nb sin y\nc add a b\n");
        // plain saves 0.9 ns a voxel per instruction against 1,050 ns of compiling: 5 · 0.9 · 240 > 1050.
        assertTrue(MODEL.pays(plain, 240));
        assertFalse(MODEL.pays(plain, 200));
        // compiled sin is slower here than interpreted: compiling never pays.
        assertFalse(MODEL.pays(trig, 1_000_000_000L));
    }

    // Plain ops at 10 ns interpreted: leaves save 5 · 10 − (5 · 0.1 · 1.4 + 15) = 34.3 ns a voxel.
    private static final VolumeCostModel SLOW_INTERP = new VolumeCostModel(10, 10, 20, 30, 0.1, 8, 18, 35, 1000, 10, 500);

    @Test
    void theDeciderCountsTwelveVoxelsAColumnOverTheFramesExpected() throws Exception {
        SsaTape plain = tape("x var-x\ny var-y\na add x y\nb mul a a\nc sub b x\n");
        // Compiling costs 1,050 ns: 31 voxels pay, 30 do not.
        CompilePolicy.Decider one = SLOW_INTERP.decider(1), many = SLOW_INTERP.decider(20);
        assertFalse(one.compile(plain, Box.EVERYTHING, 2, 64)); // 2 · 12 = 24 voxels
        assertTrue(one.compile(plain, Box.EVERYTHING, 3, 64)); // 36
        assertFalse(one.compile(plain, Box.EVERYTHING, 3, 2)); // a box of 2 slices: 6
        assertTrue(many.compile(plain, Box.EVERYTHING, 2, 64)); // 24 · 20
    }

    @Test
    void leavesOfMinMaxHeavyTapesAreShorterSoCompilingThemPaysLess() throws Exception {
        SsaTape plain = tape("x var-x\ny var-y\na add x y\nb mul a a\nc sub b x\n");
        SsaTape minMax = tape("x var-x\ny var-y\na min x y\nb max a x\nc min b y\n");
        assertEquals(1.0, VolumeCostModel.leafShare(plain), 1e-12);
        assertEquals(0.05, VolumeCostModel.leafShare(minMax), 1e-12); // 3 of 5: 1 − 1.2 < 0.05
        assertTrue(SLOW_INTERP.paysAtLeaves(plain, 1000));
        assertFalse(SLOW_INTERP.paysAtLeaves(minMax, 1_000_000_000L)); // 0.05 · 50 ns interpreted < 15.7 ns compiled
        assertFalse(MODEL.paysAtLeaves(plain, 1_000_000_000L)); // 5 ns interpreted: a call's share alone is more
    }

    @Test
    void measuredConstantsPreferCompilingColonnadeLikeTapesOverBearLikeOnes() throws Exception {
        VolumeCostModel m = VolumeCostModel.measured(true);
        SsaTape plain = tape("x var-x\ny var-y\nz var-z\na add x y\nb max a z\nc min b x\nd sub c y\n");
        SsaTape smooth = tape("x var-x\ny var-y\nz var-z\na exp x\nb exp y\nc add a b\nd ln c\ne cos z\nf add d e\n");
        double plainGain = (m.interpNanos(plain) - m.jitNanos(plain)) / m.interpNanos(plain);
        double smoothGain = (m.interpNanos(smooth) - m.jitNanos(smooth)) / m.interpNanos(smooth);
        assertTrue(plainGain > 0.9, "plain ops gain ~30x compiled: " + plainGain);
        assertTrue(smoothGain < plainGain, smoothGain + " vs " + plainGain);
    }
}
