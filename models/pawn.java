// A chess pawn, a solid of revolution built from a cylinder, tori, capsules and a sphere, standing along y:
//   scripts/ariel render3d models/pawn.java -o pawn.png
//   scripts/ariel mesh models/pawn.java -o pawn.stl
import dev.ariel.shape.Shape;
import dev.ariel.shape.Shapes;

// Shapes' cylinders and tori lie along z; the pawn stands along y (up on the screen).
Shape upright(Shape s) {
    return s.rotate(1, 0, 0, -Math.PI / 2);
}

Shape model() {
    Shape base = upright(Shapes.cylinder(0.5, 0.16)).move(0, -0.78, 0)
            .smoothUnion(upright(Shapes.torus(0.42, 0.1)).move(0, -0.68, 0), 0.04);
    // The body: capsules along y that narrow upward, blended into one smooth profile.
    Shape body = Shapes.capsule(0, -0.62, 0, 0, -0.45, 0, 0.3)
            .smoothUnion(Shapes.capsule(0, -0.45, 0, 0, -0.15, 0, 0.2), 0.15)
            .smoothUnion(Shapes.capsule(0, -0.15, 0, 0, 0.12, 0, 0.12), 0.15);
    Shape collar = upright(Shapes.torus(0.2, 0.055)).move(0, 0.15, 0);
    Shape head = Shapes.sphere(0.27).move(0, 0.45, 0);
    return base.smoothUnion(body, 0.06).smoothUnion(collar, 0.03).smoothUnion(head, 0.04);
}
