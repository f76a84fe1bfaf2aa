package dev.ariel.eval;

import dev.ariel.expr.F32Math;
import dev.ariel.expr.F32Semantics;
import dev.ariel.expr.Opcode;

/**
 * The derivative rules of forward-mode differentiation in f32: the one definition that every
 * gradient tier reproduces operation for operation, so that all give the same bits (the LLVM
 * kernel emits each rule below as the same f32 operations in the same order).
 *
 * <p>A unary op is <em>flat</em> (its partials are +0, whatever its operand's) or a chain rule
 * {@code d = da · k} with the factor {@link #unaryFactor}. A binary op combines the operands'
 * partials {@code da}, {@code db} by {@link #binary}. Where an op is not differentiable, the value
 * chosen is stated here and in {@code docs/semantics.md}; elsewhere IEEE arithmetic decides
 * (so {@code sqrt} at 0 gives an infinite factor, and a division by 0 an infinite or NaN partial).
 *
 * <p>The values at kinks and singular points, which the tests hold every tier to:
 * <ul>
 *   <li>{@code abs} at ±0 (and NaN): factor +1, so the partial is the operand's;
 *   <li>{@code min}/{@code max} where a = b (±0 included): the first operand's partial; where one
 *       operand is NaN, the other's (minNum returns it); where both are, the first's;
 *   <li>{@code floor}, {@code ceil}, {@code round} at their steps, {@code compare} where a = b,
 *       {@code not} at 0: +0, as everywhere else (they are flat);
 *   <li>{@code and}/{@code or}: the returned operand's partial, so {@code and} at a = 0 is a's and
 *       {@code or} at a = NaN is a's;
 *   <li>{@code mod} at its steps (a/|b| an integer): the formula's quotient as it falls, so
 *       ∂/∂a = 1 there too;
 *   <li>{@code sqrt} at +0: factor +∞ (−∞ at −0); {@code recip} at ±0: factor −∞; {@code ln} at
 *       ±0: factor ±∞; {@code asin}/{@code acos} at ±1: factor ±∞; {@code atan2} at (0, 0): 0/0,
 *       NaN; {@code div} by ±0: ±∞ or NaN. A zero partial times an infinite factor is NaN.
 * </ul>
 *
 * <p>Where the model is smooth, each partial is within {@link #CENTRAL_DIFFERENCE_TOLERANCE} of
 * the f64 central difference of {@code JavaPointEvaluator64} (the conformance suite checks it).
 */
public final class GradientRules {
    /**
     * How far, at smooth points, a partial may be from the f64 central difference, relative to
     * max(1, |difference|): the f32 rounding of the chain rule plus the difference's O(h²) error.
     */
    public static final double CENTRAL_DIFFERENCE_TOLERANCE = 2e-3;

    private GradientRules() {}

    /**
     * Whether {@code op}'s partials are +0 everywhere: the piecewise-constant ops (floor, ceil,
     * round, not, compare), whose derivative is 0 wherever it exists, and is taken as 0 at the steps.
     */
    public static boolean isFlat(Opcode op) {
        return op == Opcode.FLOOR || op == Opcode.CEIL || op == Opcode.ROUND || op == Opcode.NOT
                || op == Opcode.COMPARE;
    }

    /**
     * The factor k of a non-flat unary op at operand {@code a} with value {@code v = op(a)}, so that
     * each partial is {@code da · k}. {@code abs} takes +1 at ±0 and NaN (its kink); the
     * transcendental derivatives use {@link F32Math}, as the values do.
     */
    public static float unaryFactor(Opcode op, float a, float v) {
        return switch (op) {
            case NEG -> -1f;
            case ABS -> a < 0f ? -1f : 1f;
            case RECIP -> -(v * v);
            case SQRT -> 0.5f / v;
            case SQUARE -> a + a;
            case SIN -> F32Math.cos(a);
            case COS -> -F32Math.sin(a);
            case TAN -> 1f + v * v;
            case ASIN -> 1f / F32Semantics.sqrt(1f - a * a);
            case ACOS -> -1f / F32Semantics.sqrt(1f - a * a);
            case ATAN -> 1f / (1f + a * a);
            case EXP -> v;
            case LN -> 1f / a;
            default -> throw new IllegalArgumentException(op.text() + " has no unary chain rule");
        };
    }

    /**
     * One partial of the non-flat binary op {@code op} with operands {@code a}, {@code b}, value
     * {@code v}, and the operands' partials {@code da}, {@code db} along the same axis.
     *
     * <ul>
     *   <li>{@code min}/{@code max}: the partial of the operand {@link #takesLhs} chooses;
     *   <li>{@code and}/{@code or}: the partial of the operand whose value they return;
     *   <li>{@code mod}: {@code da − db·s·floor(a/|b|)} with s the sign of b, since the Euclidean
     *       remainder is {@code a − |b|·floor(a/|b|)} (the quotient is held constant across a step).
     * </ul>
     */
    public static float binary(Opcode op, float a, float b, float v, float da, float db) {
        return switch (op) {
            case ADD -> da + db;
            case SUB -> da - db;
            case MUL -> da * b + a * db;
            case DIV -> (da - v * db) / b;
            case MIN, MAX -> takesLhs(op, a, b) ? da : db;
            case ATAN2 -> (b * da - a * db) / (a * a + b * b);
            case MOD -> da + db * modFactor(a, b);
            case AND -> a == 0f ? da : db;
            case OR -> a != 0f ? da : db;
            default -> throw new IllegalArgumentException(op.text() + " has no binary chain rule");
        };
    }

    /**
     * Whether {@code min}/{@code max} takes its gradient from its first operand: minNum's NaN rule
     * chooses the operand that is not NaN, and a tie (a = b, ±0 included) chooses the first.
     */
    public static boolean takesLhs(Opcode op, float a, float b) {
        return (op == Opcode.MIN ? a <= b : a >= b) || b != b;
    }

    /** The factor of db in {@code mod}'s partial: {@code floor(a/|b|)} for b &lt; 0, its negation otherwise. */
    public static float modFactor(float a, float b) {
        float m = F32Semantics.floor(a / Math.abs(b));
        return b < 0f ? m : -m;
    }
}
