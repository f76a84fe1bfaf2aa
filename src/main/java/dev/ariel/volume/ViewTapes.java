package dev.ariel.volume;

import dev.ariel.expr.ExprGraph;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.SsaTape;

/**
 * Rewrites a model's tape into a view's: each variable becomes the f32 expression of its model
 * coordinate in the view coordinates, so that every tier evaluates the same bits and interval
 * bounds over view-space boxes hold through the rotation, with no rule of their own.
 *
 * <p>Model coordinate i is computed, in f32 operations of the tape, as
 * <pre>
 *   d_j = v_j − c_j                       (j = x, y, z; skipped where c_j = 0)
 *   m_i = ((R_i0·d_x + R_i1·d_y) + R_i2·d_z) + c_i
 * </pre>
 * where terms whose coefficient is exactly 0 are left out (so the sum has one to three terms,
 * added left to right), a product by exactly 1 or −1 is the operand or its negation (the graph's
 * exact identities), and {@code + c_i} is skipped where c_i = 0. Subtracting the centre first keeps
 * the error relative to the view's extent, not to the centre's distance from the origin. R's
 * entries and the centre enter as f32 constants (their double values are kept for the f64 oracle).
 */
final class ViewTapes {
    private ViewTapes() {}

    /** {@code model} evaluated at c + R·(p − c), as a tape over the view coordinates p. */
    static SsaTape rotate(SsaTape model, double[] r, double cx, double cy, double cz) {
        ExprGraph.Builder b = ExprGraph.builder();
        double[] c = {cx, cy, cz};
        int[] d = new int[3];
        Opcode[] vars = {Opcode.VAR_X, Opcode.VAR_Y, Opcode.VAR_Z};
        for (int j = 0; j < 3; j++) {
            int v = b.variable(vars[j]);
            d[j] = c[j] == 0 ? v : b.binary(Opcode.SUB, v, b.constant(c[j]));
        }
        int[] modelCoordinate = new int[3];
        for (int i = 0; i < 3; i++) {
            int sum = -1;
            for (int j = 0; j < 3; j++) {
                double coefficient = r[3 * i + j];
                if (coefficient == 0) continue;
                int term = b.binary(Opcode.MUL, b.constant(coefficient), d[j]);
                sum = sum < 0 ? term : b.binary(Opcode.ADD, sum, term);
            }
            if (sum < 0) throw new IllegalArgumentException("rotation row " + i + " is zero");
            modelCoordinate[i] = c[i] == 0 ? sum : b.binary(Opcode.ADD, sum, b.constant(c[i]));
        }
        return replay(model, b, modelCoordinate);
    }

    // Rebuilds the tape's instructions in b, reading the variables from `variables`. The builder
    // folds only exactly, so the replay computes the same f32 (and f64) values as the tape.
    private static SsaTape replay(SsaTape model, ExprGraph.Builder b, int[] variables) {
        int[] constants = new int[model.constantCount()];
        for (int k = 0; k < constants.length; k++) {
            constants[k] = b.constant(model.constant64(k), model.constant(k));
        }
        int n = model.length();
        int[] node = new int[n];
        for (int i = 0; i < n; i++) {
            Opcode op = model.opcode(i);
            int id;
            switch (op) {
                case VAR_X -> id = variables[0];
                case VAR_Y -> id = variables[1];
                case VAR_Z -> id = variables[2];
                default -> {
                    int a = operand(model.lhs(i), node, constants);
                    id = op.arity() == 1 ? b.unary(op, a) : b.binary(op, a, operand(model.rhs(i), node, constants));
                }
            }
            node[i] = id;
            if (model.name(i) != null) b.name(id, model.name(i));
        }
        int root = operand(model.output(), node, constants);
        return SsaTape.of(b.build(), root);
    }

    private static int operand(int operand, int[] node, int[] constants) {
        return SsaTape.isConstant(operand) ? constants[SsaTape.constantIndex(operand)] : node[operand];
    }
}
