package dev.ariel.expr;

/** TEMPORARY stand-in until the shared f32 implementation lands. */
public final class F32Math {
    private F32Math() {}
    public static float sin(float a) { return (float) StrictMath.sin(a); }
    public static float cos(float a) { return (float) StrictMath.cos(a); }
    public static float tan(float a) { return (float) StrictMath.tan(a); }
    public static float asin(float a) { return (float) StrictMath.asin(a); }
    public static float acos(float a) { return (float) StrictMath.acos(a); }
    public static float atan(float a) { return (float) StrictMath.atan(a); }
    public static float atan2(float a, float b) { return (float) StrictMath.atan2(a, b); }
    public static float exp(float a) { return (float) StrictMath.exp(a); }
    public static float ln(float a) { return (float) StrictMath.log(a); }
}
