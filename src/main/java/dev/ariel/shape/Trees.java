package dev.ariel.shape;

import dev.ariel.expr.ExprGraph;
import dev.ariel.expr.Opcode;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The walks over a shape's tree: lowering, substitution, equality and text. Each is a loop over
 * an explicit stack, because a shape built by a loop of unions is as deep as the loop is long,
 * and each visits a shared operand once, because a tree that shares operands (every blend uses
 * each operand twice) has exponentially many paths.
 */
final class Trees {
    private static final int DESCRIBE_LIMIT = 300;

    private Trees() {}

    static int lower(Shape root, ExprGraph.Builder builder) {
        Map<Shape, Integer> ids = new IdentityHashMap<>();
        ArrayDeque<Shape> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Shape s = stack.peek();
            if (ids.containsKey(s)) {
                stack.pop();
            } else if (s.lhs != null && !ids.containsKey(s.lhs)) {
                stack.push(s.lhs);
            } else if (s.rhs != null && !ids.containsKey(s.rhs)) {
                stack.push(s.rhs);
            } else {
                stack.pop();
                ids.put(s, switch (s.op.arity()) {
                    case 0 -> s.op == Opcode.CONST ? builder.constant(s.value) : builder.variable(s.op);
                    case 1 -> builder.unary(s.op, ids.get(s.lhs));
                    default -> builder.binary(s.op, ids.get(s.lhs), ids.get(s.rhs));
                });
            }
        }
        return ids.get(root);
    }

    static Shape remap(Shape root, Shape newX, Shape newY, Shape newZ) {
        Map<Shape, Shape> done = new IdentityHashMap<>();
        ArrayDeque<Shape> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Shape s = stack.peek();
            if (done.containsKey(s)) {
                stack.pop();
            } else if (s.lhs != null && !done.containsKey(s.lhs)) {
                stack.push(s.lhs);
            } else if (s.rhs != null && !done.containsKey(s.rhs)) {
                stack.push(s.rhs);
            } else {
                stack.pop();
                done.put(s, switch (s.op) {
                    case VAR_X -> newX;
                    case VAR_Y -> newY;
                    case VAR_Z -> newZ;
                    case CONST -> s;
                    default -> rebuilt(s, done.get(s.lhs), s.rhs == null ? null : done.get(s.rhs));
                });
            }
        }
        return done.get(root);
    }

    /** The coordinates {@code root} reads. */
    static Set<Opcode> variables(Shape root) {
        Set<Opcode> found = EnumSet.noneOf(Opcode.class);
        Set<Shape> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Shape> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Shape s = stack.pop();
            if (!seen.add(s)) continue;
            if (s.op.isVariable()) found.add(s.op);
            if (s.lhs != null) stack.push(s.lhs);
            if (s.rhs != null) stack.push(s.rhs);
        }
        return found;
    }

    // Keeping an unchanged node (z under a 2D transform) keeps it shared with other users.
    private static Shape rebuilt(Shape s, Shape lhs, Shape rhs) {
        return lhs == s.lhs && rhs == s.rhs ? s : Shape.node(s.op, lhs, rhs);
    }

    static boolean sameTree(Shape a, Shape b) {
        ArrayDeque<Shape> work = new ArrayDeque<>();
        Set<Pair> seen = new HashSet<>();
        work.push(a);
        work.push(b);
        while (!work.isEmpty()) {
            Shape q = work.pop();
            Shape p = work.pop();
            if (p == q) continue;
            if (p.hashCode() != q.hashCode() || p.op != q.op
                    || Double.doubleToLongBits(p.value) != Double.doubleToLongBits(q.value)) {
                return false;
            }
            if (!seen.add(new Pair(p, q))) continue;
            if (p.lhs != null) {
                work.push(p.lhs);
                work.push(q.lhs);
            }
            if (p.rhs != null) {
                work.push(p.rhs);
                work.push(q.rhs);
            }
        }
        return true;
    }

    // Two nodes by identity: a pair already compared need not be compared again.
    private record Pair(Shape p, Shape q) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pair other && other.p == p && other.q == q;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(p) * 31 + System.identityHashCode(q);
        }
    }

    static String describe(Shape s) {
        StringBuilder out = new StringBuilder();
        describe(s, out);
        return out.toString();
    }

    // Recursive, but each level appends text, so the limit bounds the depth too. Returns false
    // once the text is cut, so that no level above adds more after the ellipsis.
    private static boolean describe(Shape s, StringBuilder out) {
        if (out.length() > DESCRIBE_LIMIT) {
            out.append('…');
            return false;
        }
        switch (s.op) {
            case VAR_X -> out.append('x');
            case VAR_Y -> out.append('y');
            case VAR_Z -> out.append('z');
            case CONST -> out.append(s.value);
            default -> {
                out.append('(').append(s.op.text()).append(' ');
                if (!describe(s.lhs, out)) return false;
                if (s.rhs != null) {
                    out.append(' ');
                    if (!describe(s.rhs, out)) return false;
                }
                out.append(')');
            }
        }
        return true;
    }
}
