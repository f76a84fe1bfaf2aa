package dev.ariel.testing;

import dev.ariel.expr.F32Math;
import dev.ariel.expr.Opcode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A direct statement of docs/semantics.md, written apart from the production code (with exact
 * BigDecimal arithmetic where the doc defines a result by exact maths), to test evaluators against.
 * Transcendental functions are F32Math by definition; F32MathTest measures that against StrictMath.
 */
public final class SpecOracle {
    private SpecOracle() {}

    /** The f32 result the semantics doc defines for {@code op} on {@code a} (and {@code b}). */
    public static float apply(Opcode op, float a, float b) {
        return switch (op) {
            case NEG -> Float.intBitsToFloat(Float.floatToRawIntBits(a) ^ 0x8000_0000);
            case ABS -> Float.intBitsToFloat(Float.floatToRawIntBits(a) & 0x7fff_ffff);
            case RECIP -> 1f / a;
            case SQRT -> (float) StrictMath.sqrt(a);
            case SQUARE -> a * a;
            case FLOOR -> integral(a, RoundingMode.FLOOR);
            case CEIL -> integral(a, RoundingMode.CEILING);
            case ROUND -> integral(a, RoundingMode.HALF_UP); // HALF_UP is "away from zero" in BigDecimal
            case SIN -> F32Math.sin(a);
            case COS -> F32Math.cos(a);
            case TAN -> F32Math.tan(a);
            case ASIN -> F32Math.asin(a);
            case ACOS -> F32Math.acos(a);
            case ATAN -> F32Math.atan(a);
            case EXP -> F32Math.exp(a);
            case LN -> F32Math.ln(a);
            case NOT -> a == 0f ? 1f : 0f;
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MIN -> Float.isNaN(a) ? b : Float.isNaN(b) ? a : (a <= b ? a : b);
            case MAX -> Float.isNaN(a) ? b : Float.isNaN(b) ? a : (a >= b ? a : b);
            case ATAN2 -> F32Math.atan2(a, b);
            case COMPARE -> Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : a < b ? -1f : a > b ? 1f : 0f;
            case MOD -> mod(a, b);
            case AND -> a == 0f ? a : b;
            case OR -> (a != 0f || Float.isNaN(a)) ? a : b;
            default -> throw new IllegalArgumentException(op.text());
        };
    }

    private static float integral(float a, RoundingMode mode) {
        if (!Float.isFinite(a) || Math.abs(a) >= 8388608f) return a;
        float r = new BigDecimal(a).setScale(0, mode).floatValue();
        return Math.copySign(r, a); // an integral result keeps the input's sign, so −0.3 rounds to −0
    }

    private static float mod(float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b) || Float.isInfinite(a) || b == 0f) return Float.NaN;
        if (Float.isInfinite(b)) {
            return a < 0f ? Float.POSITIVE_INFINITY : a; // r = a, then r + |b| where r < 0
        }
        BigDecimal r = new BigDecimal(a).remainder(new BigDecimal(b)); // exact, sign of a, like fmod
        if (r.signum() < 0) return r.add(new BigDecimal(b).abs()).floatValue(); // one rounding
        return r.signum() == 0 ? Math.copySign(0f, a) : r.floatValue(); // fmod keeps a's sign on zero
    }
}
