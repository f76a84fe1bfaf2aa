package dev.ariel.testing;

import dev.ariel.expr.Opcode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random {@code .vm} models that use every opcode. */
public final class RandomModels {
    private RandomModels() {}

    private static final Opcode[] OPS = java.util.Arrays.stream(Opcode.values())
            .filter(o -> o.arity() > 0).toArray(Opcode[]::new);

    /**
     * A model of about {@code ops} lines: the variables, some constants (edge values among them),
     * then random unary and binary ops over recent values, so chains get deep as well as wide.
     */
    public static String generate(long seed, int ops) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("# random model, seed " + seed + "\n");
        List<String> names = new ArrayList<>();
        for (String v : new String[] {"var-x", "var-y", "var-z"}) {
            String n = "v" + names.size();
            sb.append(n).append(' ').append(v).append('\n');
            names.add(n);
        }
        for (int i = 0; i < 6; i++) {
            String n = "v" + names.size();
            float c = rnd.nextInt(4) == 0
                    ? EdgeValues.FLOATS[rnd.nextInt(EdgeValues.FLOATS.length)]
                    : (float) (rnd.nextDouble(-4, 4));
            sb.append(n).append(" const ").append(EdgeValues.literal(c)).append('\n');
            names.add(n);
        }
        for (int i = 0; i < ops; i++) {
            Opcode op = i < OPS.length ? OPS[i] : OPS[rnd.nextInt(OPS.length)];
            String n = "v" + names.size();
            sb.append(n).append(' ').append(op.text()).append(' ').append(pick(names, rnd));
            if (op.arity() == 2) sb.append(' ').append(pick(names, rnd));
            sb.append('\n');
            names.add(n);
        }
        // Fold everything into the result so that no op is dead code.
        String acc = names.get(names.size() - 1);
        for (int i = 3; i < names.size() - 1; i++) {
            String n = "r" + i;
            Opcode join = i % 3 == 0 ? Opcode.MIN : i % 3 == 1 ? Opcode.MAX : Opcode.ADD;
            sb.append(n).append(' ').append(join.text()).append(' ').append(acc).append(' ').append(names.get(i)).append('\n');
            acc = n;
        }
        return sb.toString();
    }

    private static String pick(List<String> names, SplittableRandom rnd) {
        // Mostly recent values, so that chains get deep; sometimes any value, so that graphs share.
        int n = names.size();
        return rnd.nextInt(3) == 0 ? names.get(rnd.nextInt(n)) : names.get(Math.max(0, n - 1 - rnd.nextInt(Math.min(n, 6))));
    }
}
