package dev.ariel.expr;

/**
 * The f32 meaning of every opcode: the one definition that every tier (Java interpreter, LLVM
 * JIT) must reproduce bit for bit, under {@link FloatEquality}.
 *
 * <p>Java's float arithmetic is IEEE-754 binary32 with round-to-nearest-even, with no excess
 * precision and no fused multiply-add, so plain {@code a + b} here is exactly LLVM's
 * {@code fadd float}. Where an opcode needs more than one IEEE operation, the steps below are
 * the contract, and {@code docs/semantics.md} states them in prose.
 */
public final class F32Semantics {
    private F32Semantics() {}

    /** Applies a unary or binary opcode; {@code b} is ignored for unary ones. */
    public static float apply(Opcode op, float a, float b) {
        return switch (op) {
            case NEG -> -a;
            case ABS -> Math.abs(a);
            case RECIP -> 1f / a;
            case SQRT -> sqrt(a);
            case SQUARE -> a * a;
            case FLOOR -> floor(a);
            case CEIL -> ceil(a);
            case ROUND -> round(a);
            case SIN -> F32Math.sin(a);
            case COS -> F32Math.cos(a);
            case TAN -> F32Math.tan(a);
            case ASIN -> F32Math.asin(a);
            case ACOS -> F32Math.acos(a);
            case ATAN -> F32Math.atan(a);
            case EXP -> F32Math.exp(a);
            case LN -> F32Math.ln(a);
            case NOT -> not(a);
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MIN -> min(a, b);
            case MAX -> max(a, b);
            case ATAN2 -> F32Math.atan2(a, b);
            case COMPARE -> compare(a, b);
            case MOD -> mod(a, b);
            case AND -> and(a, b);
            case OR -> or(a, b);
            case CONST, VAR_X, VAR_Y, VAR_Z ->
                    throw new IllegalArgumentException(op.text() + " has no operands to apply");
        };
    }

    /**
     * Correctly rounded square root ({@code llvm.sqrt.f32}); a double square root rounded to
     * float is correctly rounded because 53 ≥ 2·24 + 2.
     */
    public static float sqrt(float a) {
        return (float) Math.sqrt(a);
    }

    /** Largest integer ≤ a ({@code llvm.floor.f32}); the double detour is exact. */
    public static float floor(float a) {
        return (float) Math.floor(a);
    }

    /** Smallest integer ≥ a ({@code llvm.ceil.f32}). */
    public static float ceil(float a) {
        return (float) Math.ceil(a);
    }

    /**
     * Rounds half away from zero, as {@code llvm.round.f32} and Rust's {@code f32::round}; unlike
     * {@link Math#round(float)}, which rounds half up and returns an int.
     */
    public static float round(float a) {
        // a − trunc(a) is exact, so the tie test is exact; adding 0.5 first would misround
        // 0.49999997f up to 1.
        float t = a < 0f ? -(float) Math.floor(-a) : (float) Math.floor(a);
        float r = Math.abs(a - t) >= 0.5f ? t + Math.copySign(1f, a) : t;
        return Math.copySign(r, a);
    }

    /**
     * IEEE-754 minNum, as {@code llvm.minnum}: a NaN operand yields the other operand, and two NaNs
     * give NaN. Unlike {@link Math#min(float, float)} and fidget, one NaN does not poison the
     * result. The semantics leave the sign of {@code min(+0, −0)} open; Ariel's Java tiers order
     * −0 below +0 (IEEE-754-2019 minimumNumber), which keeps min commutative to the bit and lets
     * the interpreter use {@link Math#min(float, float)} wherever no operand can be NaN.
     */
    public static float min(float a, float b) {
        return a != a ? b : b != b ? a : Math.min(a, b);
    }

    /** IEEE-754 maxNum, as {@code llvm.maxnum}, with +0 above −0; see {@link #min(float, float)}. */
    public static float max(float a, float b) {
        return a != a ? b : b != b ? a : Math.max(a, b);
    }

    /** −1, 0 or 1 as a is less than, equal to or greater than b; NaN if either is NaN. */
    public static float compare(float a, float b) {
        return a < b ? -1f : a > b ? 1f : a == b ? 0f : Float.NaN;
    }

    /**
     * Euclidean remainder, as Rust's {@code rem_euclid}: {@code r = a % b} (IEEE fmod, exact),
     * then {@code r + |b|} if r is negative. That last addition rounds, so a tiny negative r can
     * give exactly |b|.
     */
    public static float mod(float a, float b) {
        float r = a % b;
        return r < 0f ? r + Math.abs(b) : r;
    }

    /** Logical and, as fidget: a if a is zero, otherwise b (so NaN counts as true). */
    public static float and(float a, float b) {
        return a == 0f ? a : b;
    }

    /** Logical or, as fidget: a if a is non-zero (NaN included), otherwise b. */
    public static float or(float a, float b) {
        return a != 0f ? a : b;
    }

    /** Logical not, as fidget: 1 if a is zero, otherwise 0 (so not(NaN) is 0). */
    public static float not(float a) {
        return a == 0f ? 1f : 0f;
    }
}
