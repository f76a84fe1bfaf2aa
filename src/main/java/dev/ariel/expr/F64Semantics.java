package dev.ariel.expr;

/**
 * The f64 meaning of every opcode: the reference oracle that f32 tiers are checked against.
 *
 * <p>It mirrors {@link F32Semantics} step for step in double precision, except that the
 * transcendental functions come from {@link StrictMath}, so it measures how far f32 evaluation
 * strays from the mathematically intended value; it is not expected to agree bit for bit.
 */
public final class F64Semantics {
    private F64Semantics() {}

    /** Applies a unary or binary opcode; {@code b} is ignored for unary ones. */
    public static double apply(Opcode op, double a, double b) {
        return switch (op) {
            case NEG -> -a;
            case ABS -> Math.abs(a);
            case RECIP -> 1.0 / a;
            case SQRT -> Math.sqrt(a);
            case SQUARE -> a * a;
            case FLOOR -> Math.floor(a);
            case CEIL -> Math.ceil(a);
            case ROUND -> round(a);
            case SIN -> StrictMath.sin(a);
            case COS -> StrictMath.cos(a);
            case TAN -> StrictMath.tan(a);
            case ASIN -> StrictMath.asin(a);
            case ACOS -> StrictMath.acos(a);
            case ATAN -> StrictMath.atan(a);
            case EXP -> StrictMath.exp(a);
            case LN -> StrictMath.log(a);
            case NOT -> a == 0.0 ? 1.0 : 0.0;
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MIN -> a != a ? b : b != b ? a : Math.min(a, b);
            case MAX -> a != a ? b : b != b ? a : Math.max(a, b);
            case ATAN2 -> StrictMath.atan2(a, b);
            case COMPARE -> a < b ? -1.0 : a > b ? 1.0 : a == b ? 0.0 : Double.NaN;
            case MOD -> mod(a, b);
            case AND -> a == 0.0 ? a : b;
            case OR -> a != 0.0 ? a : b;
            case CONST, VAR_X, VAR_Y, VAR_Z ->
                    throw new IllegalArgumentException(op.text() + " has no operands to apply");
        };
    }

    /** Rounds half away from zero; see {@link F32Semantics#round(float)}. */
    public static double round(double a) {
        double t = a < 0.0 ? -Math.floor(-a) : Math.floor(a);
        double r = Math.abs(a - t) >= 0.5 ? t + Math.copySign(1.0, a) : t;
        return Math.copySign(r, a);
    }

    /** Euclidean remainder; see {@link F32Semantics#mod(float, float)}. */
    public static double mod(double a, double b) {
        double r = a % b;
        return r < 0.0 ? r + Math.abs(b) : r;
    }
}
