// The letter A in a pen-stroke style: capsules of one stroke width, blended where they meet.
//   scripts/ariel render models/letter-a.java -o a.png --mode sdf
import dev.ariel.shape.Shape;
import dev.ariel.shape.Shapes;

static final double PEN = 0.075;

static Shape stroke(double ax, double ay, double bx, double by) {
    return Shapes.capsule(ax, ay, bx, by, PEN);
}

static Shape model() {
    Shape left = stroke(-0.55, -0.75, 0, 0.75);
    Shape right = stroke(0, 0.75, 0.55, -0.75);
    Shape bar = stroke(-0.3, -0.12, 0.3, -0.12);
    // Serifs at the feet, and a flat cut across the apex, as a broad pen leaves it.
    Shape serifs = stroke(-0.72, -0.75, -0.38, -0.75).union(stroke(0.38, -0.75, 0.72, -0.75));
    Shape letter = left.smoothUnion(right, 0.04).smoothUnion(bar, 0.02).smoothUnion(serifs, 0.03);
    return letter.intersection(Shapes.rectangle(2, 1.62).move(0, 0.02));
}
