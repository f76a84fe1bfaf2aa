// A spur gear with 12 teeth and a keyed bore, written with Ariel's shape API:
//   scripts/ariel render models/gear.java -o gear.png
import dev.ariel.shape.Axis;
import dev.ariel.shape.Shape;
import dev.ariel.shape.Shapes;

static final int TEETH = 12;

Shape model() {
    Shape rim = Shapes.circle(0.62);
    // One tooth, a rounded trapezoid standing on the rim, repeated around the circle by rotation.
    Shape tooth = Shapes.polygon(-0.07, 0.55, 0.07, 0.55, 0.045, 0.8, -0.045, 0.8).offset(0.015);
    Shape teeth = tooth;
    for (int i = 1; i < TEETH; i++) teeth = teeth.union(tooth.rotate(2 * Math.PI * i / TEETH));
    Shape body = rim.smoothUnion(teeth, 0.03);
    // Six round lightening holes between the hub and the rim.
    Shape holes = Shapes.circle(0.1).move(0, 0.36);
    for (int i = 1; i < 6; i++) holes = holes.union(Shapes.circle(0.1).move(0, 0.36).rotate(Math.PI * i / 3));
    Shape bore = Shapes.circle(0.14).union(Shapes.rectangle(0.08, 0.08).move(0, 0.15));
    return body.difference(holes).difference(bore);
}
