package dev.ariel.parse;

import dev.ariel.expr.ExprGraph;
import dev.ariel.expr.Opcode;

/**
 * Writes the part of an {@link ExprGraph} that a root depends on as {@code .vm} text.
 *
 * <p>Nodes are named {@code _0}, {@code _1}, ... in hex, as Prospero does. A constant is written
 * as the shortest decimal that reads back to its double value; a folded constant whose f32
 * value is not that double rounded to float cannot be expressed in the format, and reads back
 * with the rounded value.
 */
public final class VmWriter {
    private VmWriter() {}

    /** The {@code .vm} text of everything {@code root} depends on; {@code root} is the last line. */
    public static String write(ExprGraph graph, int root) {
        boolean[] live = graph.reachableFrom(root);
        int[] index = new int[root + 1];
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i <= root; i++) {
            if (!live[i]) continue;
            index[i] = next++;
            Opcode op = graph.opcode(i);
            out.append('_').append(Integer.toHexString(index[i])).append(' ').append(op.text());
            if (op == Opcode.CONST) {
                out.append(' ').append(number(graph.constant64(i)));
            }
            if (op.arity() >= 1) out.append(" _").append(Integer.toHexString(index[graph.lhs(i)]));
            if (op.arity() == 2) out.append(" _").append(Integer.toHexString(index[graph.rhs(i)]));
            out.append('\n');
        }
        return out.toString();
    }

    private static String number(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return Double.toString(v);
    }
}
