package dev.ariel.expr;

/**
 * Ariel's one equality on values: bitwise, except that every NaN is one value and −0 equals +0.
 *
 * <p>Every tier is tested against every other under this equality, so it is deliberately blind
 * to exactly the differences that IEEE-754 leaves open (NaN payloads) and that Ariel's semantics
 * leave open (the sign of a zero from {@code min(+0, −0)}).
 */
public final class FloatEquality {
    private FloatEquality() {}

    /** Whether {@code a} and {@code b} are the same value under Ariel's equality. */
    public static boolean same(float a, float b) {
        return a == b || (a != a && b != b);
    }

    /** Whether {@code a} and {@code b} are the same value under Ariel's equality. */
    public static boolean same(double a, double b) {
        return a == b || (a != a && b != b);
    }

    /** Shows a float with its bits, so that a failed comparison says which NaN or zero it saw. */
    public static String describe(float v) {
        return v + " (0x" + Integer.toHexString(Float.floatToRawIntBits(v)) + ")";
    }
}
