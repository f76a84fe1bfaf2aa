package dev.ariel.shape;

import static dev.ariel.shape.ShapeFields.assertSameTape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.Model;
import dev.ariel.expr.ExprGraph;
import dev.ariel.expr.Opcode;
import dev.ariel.render.MonoImage;
import dev.ariel.render.TileRenderer;
import dev.ariel.render.View;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shapes as models: lowered into a hash-consed graph, rendered, written as {@code .vm} text that
 * renders the same image and reads back to the same tape, and built fluently.
 */
class ShapeModelTest {
    static final Shape LOGO = Shapes.circle(0.5)
            .union(Shapes.rectangle(0.9, 0.3).move(0.5, 0))
            .smoothDifference(Shapes.polygon(-0.2, -0.2, 0.2, -0.2, 0.0, 0.25), 0.05)
            .move(-0.1, 0.05);
    static final Shape SCENE = Shapes.sphere(0.5)
            .smoothUnion(Shapes.torus(0.6, 0.12).rotate(1, 0, 0, 0.5), 0.1)
            .difference(Shapes.cylinder(0.2, 2).rotate(1, 0, 0, Math.PI / 2))
            .intersection(Shapes.gyroid(0.5, 0.1).offset(0.08).union(Shapes.sphere(0.4)))
            .union(Shapes.capsule(-0.9, -0.9, -0.9, 0.9, 0.9, 0.9, 0.03).repeat(Axis.Z, 0.6).scale(1, 1, 0.5))
            .mirror(Axis.Y);

    @Test
    void aFluentShapeRendersWhereItsPiecesAre() {
        MonoImage image = TileRenderer.interpreter().render(Model.of(LOGO), View.of(201));
        // Pixel (i, j) of the default view is at x = −1 + i/100, y = 1 − j/100.
        assertTrue(filled(image, -0.5, 0.05), "the circle's left side, moved");
        assertTrue(filled(image, 0.75, 0.05), "the rectangle's right end");
        assertFalse(filled(image, 0.75, 0.3), "above the rectangle");
        assertFalse(filled(image, -0.1, 0.05), "the triangle cut out of the middle");
        assertFalse(filled(image, 0.85, 0.05), "past the rectangle's end");
        // Area: a disc of 0.785, the rectangle's 0.135 outside it, the triangle's 0.09 cut away.
        double area = image.filledCount() / 10_000.0;
        assertEquals(0.785 + 0.135 - 0.09, area, 0.03);
    }

    @Test
    void aShapeAndTheVmTextItWritesRenderTheSameImageAndTape() throws Exception {
        for (Shape s : List.of(LOGO, SCENE)) {
            Model direct = Model.of(s);
            Model read = Model.parse(s.toVm(), "written.vm");
            assertSameTape(direct.tape(), read.tape());
            TileRenderer r = TileRenderer.interpreter();
            for (View view : List.of(View.of(160), View.of(97).withZ(0.25), View.of(64).withCenter(0.3, -0.2).withScale(0.4))) {
                MonoImage want = r.render(direct, view);
                assertEquals(want, r.render(read, view), view.toString());
                assertTrue(want.filledCount() > 0 && want.filledCount() < view.width() * view.height(), "not blank");
            }
        }
    }

    @Test
    void theSameSubexpressionUsedTwiceIsOneNode() {
        Shape r2 = Shape.x().square().add(Shape.y().square());
        ExprGraph.Builder b = ExprGraph.builder();
        int root = r2.sqrt().add(r2).addTo(b);
        // x, y, x², y², their sum, its root and the last add.
        assertEquals(7, b.build().size());
        assertEquals(Opcode.ADD, b.opcode(root));
        // Separately built but equal subexpressions meet in the hash-consed graph too.
        ExprGraph.Builder c = ExprGraph.builder();
        Shape.x().square().add(Shape.x().square()).addTo(c);
        assertEquals(3, c.size());
        // Two shapes lowered into one builder share what they have in common.
        ExprGraph.Builder d = ExprGraph.builder();
        int one = Shapes.circle(0.5).addTo(d);
        int before = d.size();
        int two = Shapes.circle(0.5).move(0.2, 0).addTo(d);
        assertTrue(d.size() - before < before, "the y² half of the circle is shared");
        assertTrue(one != two);
    }

    @Test
    void aModelOfAShapeCountsItsNodes() {
        Model m = Model.of(Shapes.circle(0.5), "disc");
        assertEquals("disc", m.source());
        assertEquals(8, m.info().opsWritten(), "x, y, two squares, add, sqrt, 0.5 and sub");
        assertEquals(Model.of(Shapes.circle(0.5)).tape().codeKey(), m.tape().codeKey());
        assertEquals("shape", Model.of(Shapes.circle(0.5)).source());
    }

    @Test
    void aModelOfAGraphNodeChecksTheNode() {
        ExprGraph.Builder b = ExprGraph.builder();
        int x = b.variable(Opcode.VAR_X);
        int root = b.binary(Opcode.SUB, x, b.constant(0.25));
        ExprGraph g = b.build();
        Model m = Model.of(g, root, "half-plane");
        assertEquals(MonoImage.fromAscii("##..\n##..\n##..\n##..\n"), TileRenderer.interpreter().render(m, View.of(4)));
        assertThrows(IllegalArgumentException.class, () -> Model.of(g, g.size(), "bad"));
        assertThrows(IllegalArgumentException.class, () -> Model.of(g, -1, "bad"));
    }

    private static boolean filled(MonoImage image, double x, double y) {
        return image.isFilled((int) Math.round((x + 1) * 100), (int) Math.round((1 - y) * 100));
    }
}
