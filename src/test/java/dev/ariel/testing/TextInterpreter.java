package dev.ariel.testing;

import dev.ariel.expr.F64Semantics;
import dev.ariel.expr.Opcode;
import java.util.HashMap;
import java.util.Map;

/**
 * Evaluates {@code .vm} text line by line with no graph: no deduplication, folding or identities.
 * It is the oracle that shows the graph's simplifications never change a value.
 */
public final class TextInterpreter {
    private TextInterpreter() {}

    /** The f32 value of the model's last line at (x, y, z), by {@link SpecOracle}. */
    public static float eval32(String text, float x, float y, float z) {
        Map<String, Float> v = new HashMap<>();
        float last = Float.NaN;
        for (String line : text.split("\n")) {
            String[] t = line.strip().split("\\s+");
            if (t[0].isEmpty() || t[0].startsWith("#")) continue;
            Opcode op = Opcode.byText(t[1]);
            float r = switch (op) {
                case CONST -> (float) parse(t[2]);
                case VAR_X -> x;
                case VAR_Y -> y;
                case VAR_Z -> z;
                default -> SpecOracle.apply(op, v.get(t[2]), op.arity() == 2 ? v.get(t[3]) : 0f);
            };
            v.put(t[0], r);
            last = r;
        }
        return last;
    }

    /** The f64 value of the model's last line at (x, y, z). */
    public static double eval64(String text, double x, double y, double z) {
        Map<String, Double> v = new HashMap<>();
        double last = Double.NaN;
        for (String line : text.split("\n")) {
            String[] t = line.strip().split("\\s+");
            if (t[0].isEmpty() || t[0].startsWith("#")) continue;
            Opcode op = Opcode.byText(t[1]);
            double r = switch (op) {
                case CONST -> parse(t[2]);
                case VAR_X -> x;
                case VAR_Y -> y;
                case VAR_Z -> z;
                default -> F64Semantics.apply(op, v.get(t[2]), op.arity() == 2 ? v.get(t[3]) : 0.0);
            };
            v.put(t[0], r);
            last = r;
        }
        return last;
    }

    private static double parse(String s) {
        return switch (s.toLowerCase()) {
            case "nan" -> Double.NaN;
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }
}
