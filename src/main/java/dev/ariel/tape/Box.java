package dev.ariel.tape;

/**
 * The region of inputs an evaluator will be asked about: every x, y and z it sees lies in these
 * closed ranges. A tier may compile or choose code that is only correct inside the box.
 *
 * @param xMin smallest x
 * @param xMax largest x
 * @param yMin smallest y
 * @param yMax largest y
 * @param zMin smallest z
 * @param zMax largest z
 */
public record Box(float xMin, float xMax, float yMin, float yMax, float zMin, float zMax) {
    /** Every float, NaN included: a box that promises nothing. */
    public static final Box EVERYTHING = new Box(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);

    public Box {
        if (!(xMin <= xMax && yMin <= yMax && zMin <= zMax)) {
            throw new IllegalArgumentException("empty or NaN box: " + xMin + ".." + xMax + ", "
                    + yMin + ".." + yMax + ", " + zMin + ".." + zMax);
        }
    }

    /** Whether this box admits NaN inputs (only {@link #EVERYTHING} does). */
    public boolean admitsNaN() {
        return this == EVERYTHING;
    }

    /** Whether (x, y, z) lies inside the box. */
    public boolean contains(float x, float y, float z) {
        return admitsNaN() || (x >= xMin && x <= xMax && y >= yMin && y <= yMax && z >= zMin && z <= zMax);
    }
}
