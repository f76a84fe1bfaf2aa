package dev.ariel.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.eval.JavaEngine;
import dev.ariel.eval.PointEvaluator;
import dev.ariel.parse.ModelException;
import dev.ariel.tape.SsaTape;
import org.junit.jupiter.api.Test;

class MesherTest {
    static final String SPHERE = """
            x var-x
            y var-y
            z var-z
            xx square x
            yy square y
            zz square z
            s1 add xx yy
            s2 add s1 zz
            r sqrt s2
            h const 0.5
            out sub r h
            """;
    // max(|x|, |y|, |z|) − 0.45: the cube [−0.45, 0.45]³ with sharp edges and corners.
    static final String BOX = """
            x var-x
            y var-y
            z var-z
            ax abs x
            ay abs y
            az abs z
            m1 max ax ay
            m2 max m1 az
            h const 0.45
            out sub m2 h
            """;
    // The union of [−0.6, 0.1]³ and [−0.1, 0.6] × [−0.3, 0.3] × [−0.2, 0.4].
    static final String TWO_BOXES = """
            x var-x
            y var-y
            z var-z
            a1 const 0.25
            xa add x a1
            ya add y a1
            za add z a1
            bx abs xa
            by abs ya
            bz abs za
            b1 max bx by
            b2 max b1 bz
            h1 const 0.35
            d1 sub b2 h1
            c1 const -0.25
            xb add x c1
            c2 const -0.1
            zb add z c2
            ex abs xb
            ey abs y
            ez abs zb
            k1 const 0.35
            k2 const 0.3
            k3 const 0.3
            fx sub ex k1
            fy sub ey k2
            fz sub ez k3
            g1 max fx fy
            g2 max g1 fz
            out min d1 g2
            """;

    static SsaTape tape(String text) throws ModelException {
        return Model.parse(text, "t.vm").tape();
    }

    static MeshSettings at(int level) {
        return MeshSettings.defaults().withLevel(level).withThreads(1);
    }

    @Test
    void sphereIsClosedAndConvergesToItsVolume() throws ModelException {
        double exact = 4.0 / 3 * Math.PI * 0.125;
        double previous = Double.NaN;
        for (int level = 4; level <= 6; level++) {
            Mesh m = Mesher.mesh(tape(SPHERE), at(level), JavaEngine.INSTANCE);
            MeshChecks.assertClosedManifold(m, "sphere L" + level);
            double err = Math.abs(m.signedVolume() - exact) / exact;
            if (level == 6) assertTrue(err < 0.02, "sphere volume off by " + err);
            if (!Double.isNaN(previous)) assertTrue(err <= previous * 1.05, "volume error grew: " + err + " after " + previous);
            previous = err;
            assertEquals(0, m.stats().repairedCells());
        }
    }

    @Test
    void sphereVerticesLieWithinACellOfTheSurface() throws ModelException {
        Mesh m = Mesher.mesh(tape(SPHERE), at(5), JavaEngine.INSTANCE);
        double cell = 2.0 / 32;
        for (int v = 0; v < m.vertexCount(); v++) {
            double r = Math.sqrt(sq(m.vertex(v, 0)) + sq(m.vertex(v, 1)) + sq(m.vertex(v, 2)));
            assertTrue(Math.abs(r - 0.5) <= cell, "vertex " + v + " at radius " + r);
            // The normal points away from the centre.
            double d = (m.normal(v, 0) * m.vertex(v, 0) + m.normal(v, 1) * m.vertex(v, 1) + m.normal(v, 2) * m.vertex(v, 2)) / r;
            assertTrue(d > 0.9, "vertex " + v + " normal leans " + d);
        }
    }

    @Test
    void boxKeepsItsCornersAndVolume() throws ModelException {
        Mesh m = Mesher.mesh(tape(BOX), at(5), JavaEngine.INSTANCE);
        MeshChecks.assertClosedManifold(m, "box");
        assertEquals(0.9 * 0.9 * 0.9, m.signedVolume(), 0.9 * 0.9 * 0.9 * 0.01);
        // Each of the 8 corners has a vertex within 2% of a cell of it (the QEF finds the corner).
        double cell = 2.0 / 32;
        for (int c = 0; c < 8; c++) {
            double cx = (c & 1) == 0 ? -0.45 : 0.45, cy = (c & 2) == 0 ? -0.45 : 0.45, cz = (c & 4) == 0 ? -0.45 : 0.45;
            double best = Double.MAX_VALUE;
            for (int v = 0; v < m.vertexCount(); v++) {
                best = Math.min(best, Math.sqrt(sq(m.vertex(v, 0) - cx) + sq(m.vertex(v, 1) - cy) + sq(m.vertex(v, 2) - cz)));
            }
            assertTrue(best < 0.02 * cell, "corner " + c + " nearest vertex " + best);
        }
    }

    @Test
    void unionOfTwoBoxesIsClosedWithItsVolume() throws ModelException {
        // Volumes: 0.7³ + 0.7·0.6·0.6 minus the overlap x∈[−0.1,0.1], y∈[−0.3,0.1], z∈[−0.2,0.1].
        double exact = 0.343 + 0.252 - 0.2 * 0.4 * 0.3;
        for (int level = 4; level <= 6; level++) {
            Mesh m = Mesher.mesh(tape(TWO_BOXES), at(level), JavaEngine.INSTANCE);
            MeshChecks.assertClosedManifold(m, "two boxes L" + level);
            if (level == 6) assertEquals(exact, m.signedVolume(), exact * 0.01);
        }
    }

    @Test
    void sameMeshForAnyThreadCount() throws ModelException {
        Mesh one = Mesher.mesh(tape(TWO_BOXES), at(6), JavaEngine.INSTANCE);
        Mesh two = Mesher.mesh(tape(TWO_BOXES), at(6).withThreads(3), JavaEngine.INSTANCE);
        assertArrayEquals(one.vertices(), two.vertices());
        assertArrayEquals(one.normals(), two.normals());
        assertArrayEquals(one.triangles(), two.triangles());
    }

    @Test
    void solidMeetingTheBoundsIsCapped() throws ModelException {
        // A sphere of radius 1.2 pokes out of all six faces of [−1, 1]³: capped on each.
        String big = SPHERE.replace("h const 0.5", "h const 1.2");
        Mesh m = Mesher.mesh(tape(big), at(5), JavaEngine.INSTANCE);
        MeshChecks.assertClosedManifold(m, "capped sphere");
        // Ball of radius 1.2 ∩ [−1, 1]³ is 6.385 (Monte Carlo, 2·10⁶ samples, ±0.004).
        assertEquals(6.385, m.signedVolume(), 0.03);
        for (int v = 0; v < m.vertexCount(); v++) {
            for (int c = 0; c < 3; c++) assertTrue(Math.abs(m.vertex(v, c)) <= 1, "vertex outside the bounds");
        }
    }

    @Test
    void emptyAndFullModels() throws ModelException {
        Mesh empty = Mesher.mesh(tape("x var-x\nc const 5\nout add x c\n"), at(4), JavaEngine.INSTANCE);
        assertEquals(0, empty.triangleCount());
        Mesh full = Mesher.mesh(tape("x var-x\nc const -5\nout add x c\n"), at(4), JavaEngine.INSTANCE);
        MeshChecks.assertClosedManifold(full, "full");
        assertEquals(8, full.signedVolume(), 0.1);
    }

    @Test
    void ambiguousCellsSplitTheirVertexAndStayManifold() throws ModelException {
        // sin(9x)·sin(9y)·sin(9z) − 0.05 at 16 cells a side: saddles everywhere, so many cells
        // have two or more surface components (ambiguous faces and body diagonals).
        String text = """
                x var-x
                y var-y
                z var-z
                k const 9
                a mul x k
                b mul y k
                c mul z k
                sa sin a
                sb sin b
                sc sin c
                p mul sa sb
                q mul p sc
                e const 0.05
                out sub q e
                """;
        Mesh m = Mesher.mesh(tape(text), at(4), JavaEngine.INSTANCE);
        assertTrue(m.stats().splitCells() > 0, "no cell had two components");
        MeshChecks.assertClosedManifold(m, "saddles");
        MeshChecks.assertPositiveVolume(m, "saddles");
    }

    @Test
    void componentsOfAmbiguousCornerPatterns() {
        assertEquals(1, CellTopology.COMPONENTS[0b1]);
        // Two corners on a face diagonal: the ambiguous face cuts each off, two components.
        assertEquals(2, CellTopology.COMPONENTS[0b1001]);
        // Opposite corners of the cube: two components.
        assertEquals(2, CellTopology.COMPONENTS[0b10000001]);
        // The complement of opposite corners: two components (one round each outside corner).
        assertEquals(2, CellTopology.COMPONENTS[0b01111110]);
        assertEquals(0, CellTopology.COMPONENTS[0]);
        assertEquals(0, CellTopology.COMPONENTS[255]);
        // Every crossing edge belongs to a component, every other edge to none.
        for (int p = 0; p < 256; p++) {
            for (int e = 0; e < 12; e++) {
                boolean crosses = ((p >> CellTopology.edgeStart(e)) & 1) != ((p >> CellTopology.edgeEnd(e)) & 1);
                assertEquals(crosses, CellTopology.COMPONENT[p][e] >= 0, "pattern " + p + " edge " + e);
            }
        }
    }

    @Test
    void aPassedDeadlineStopsTheMesh() throws ModelException {
        SsaTape t = tape(SPHERE);
        org.junit.jupiter.api.Assertions.assertThrows(dev.ariel.render.RenderTimeoutException.class,
                () -> Mesher.mesh(t, at(6), JavaEngine.INSTANCE, dev.ariel.render.Deadline.after(0)));
    }

    @Test
    void settingsRefuseBadLevelsAndBounds() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> at(0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> at(13));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> at(4).withBounds(1, 0, 0, 0, 1, 1));
        // A non-cubic box: the short sides are rounded up to whole cells, centred.
        Grid g = at(3).withBounds(-1, -0.3, 0, 1, 0.3, 0.5).grid();
        assertEquals(8, g.cells(0));
        assertEquals(3, g.cells(1));
        assertEquals(2, g.cells(2));
        assertEquals(-0.375, g.coord(1, 0), 1e-6);
        assertEquals(0.0, g.coord(2, 0), 1e-6);  // 0.5 is exactly two cells: no rounding
    }

    static double sq(double v) {
        return v * v;
    }
}
