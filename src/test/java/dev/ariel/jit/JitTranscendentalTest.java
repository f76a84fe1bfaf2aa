package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ariel.Model;
import dev.ariel.tape.Box;
import dev.ariel.expr.F32Math;
import dev.ariel.expr.Opcode;
import dev.ariel.llvm.OptLevel;
import dev.ariel.parse.ModelException;
import dev.ariel.tape.SsaTape;
import dev.ariel.testing.EdgeValues;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each JIT-compiled transcendental opcode agrees bit for bit (sign of zero included) with {@link F32Math} on about 100,000 seeded inputs. */
class JitTranscendentalTest {
    /** Not a multiple of any vector width (4, 8, 16), so every run ends in a masked tail. */
    private static final int RUN = 997;
    private static final int MAX_REPORTED = 8;

    private static final JitEngine O0 = JitEngine.of(CompileOptions.of(OptLevel.O0));
    private static final JitEngine O3 = JitEngine.of(CompileOptions.of(OptLevel.O3));

    @AfterAll
    static void unload() {
        O0.close();
        O3.close();
    }

    private interface Unary {
        float apply(float x);
    }

    static Stream<Arguments> unaryCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Opcode op : new Opcode[] {Opcode.SIN, Opcode.COS, Opcode.TAN, Opcode.ASIN, Opcode.ACOS, Opcode.ATAN,
                Opcode.EXP, Opcode.LN}) {
            for (OptLevel level : new OptLevel[] {OptLevel.O0, OptLevel.O3}) {
                cases.add(Arguments.of(op, level));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} at -{1}")
    @MethodSource("unaryCases")
    void unaryOpcodeMatchesF32MathBitForBit(Opcode op, OptLevel level) throws ModelException {
        Unary reference = switch (op) {
            case SIN -> F32Math::sin;
            case COS -> F32Math::cos;
            case TAN -> F32Math::tan;
            case ASIN -> F32Math::asin;
            case ACOS -> F32Math::acos;
            case ATAN -> F32Math::atan;
            case EXP -> F32Math::exp;
            case LN -> F32Math::ln;
            default -> throw new IllegalArgumentException(op.toString());
        };
        float[] xs = inputs(op, new SplittableRandom(0xA51E1L ^ op.ordinal()));
        SsaTape tape = tape("_0 var-x\n_1 " + op.text() + " _0\n");
        CompiledKernel kernel = engine(level).kernel(tape, Box.EVERYTHING);

        long t0 = System.nanoTime();
        float[] out = new float[xs.length];
        // Consecutive runs of RUN pixels at growing offsets: a masked tail on every run, and a
        // nonzero `from` on all but the first.
        for (int from = 0; from < xs.length; from += RUN) {
            kernel.evaluate(xs, from, Math.min(RUN, xs.length - from), 0f, 0f, out);
        }
        List<String> mismatches = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < xs.length; i++) {
            float expected = reference.apply(xs[i]);
            if (Float.floatToIntBits(expected) != Float.floatToIntBits(out[i])) {
                if (count++ < MAX_REPORTED) {
                    mismatches.add(op.text() + "(" + hex(xs[i]) + ") at index " + i + ": F32Math " + hex(expected)
                            + ", JIT " + hex(out[i]));
                }
            }
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (count > 0) {
            fail(count + " of " + xs.length + " inputs differ at -" + level + "; first ones:\n" + String.join("\n", mismatches));
        }
        assertTrue(xs.length >= 100_000, "inputs: " + xs.length);
        assertTrue(millis < 5_000, "checking took " + millis + " ms");
    }

    @ParameterizedTest(name = "atan2 at -{0}")
    @MethodSource("levels")
    void atan2MatchesF32MathBitForBitOnManyPairs(OptLevel level) throws ModelException {
        // A row evaluation sees one y and many x's; so each y of a pool is one row over a pool
        // of x's, ~100k (y, x) pairs in all, the full cross product of the edge values among them.
        SplittableRandom rnd = new SplittableRandom(0xA7A2L);
        float[] ys = pool(rnd, 300);
        float[] xs = pool(rnd, 331);
        SsaTape tape = tape("_0 var-x\n_1 var-y\n_2 atan2 _1 _0\n"); // atan2(y, x)
        CompiledKernel kernel = engine(level).kernel(tape, Box.EVERYTHING);
        float[] out = new float[xs.length];
        List<String> mismatches = new ArrayList<>();
        int count = 0;
        for (float y : ys) {
            kernel.evaluate(xs, 0, xs.length, y, 0f, out);
            for (int i = 0; i < xs.length; i++) {
                float expected = F32Math.atan2(y, xs[i]);
                if (Float.floatToIntBits(expected) != Float.floatToIntBits(out[i])) {
                    if (count++ < MAX_REPORTED) {
                        mismatches.add("atan2(y=" + hex(y) + ", x=" + hex(xs[i]) + "): F32Math " + hex(expected)
                                + ", JIT " + hex(out[i]));
                    }
                }
            }
        }
        if (count > 0) {
            fail(count + " of " + (long) ys.length * xs.length + " pairs differ at -" + level + "; first ones:\n"
                    + String.join("\n", mismatches));
        }
        // The operand order matters: atan2(1, 0) is +pi/2 whereas atan2(0, 1) is +0.
        kernel.evaluate(new float[] {0f}, 0, 1, 1f, 0f, out);
        assertTrue(Float.floatToIntBits(out[0]) == Float.floatToIntBits(F32Math.atan2(1f, 0f)),
                "atan2(1, 0) gave " + hex(out[0]));
    }

    static Stream<OptLevel> levels() {
        return Stream.of(OptLevel.O0, OptLevel.O3);
    }

    private static JitEngine engine(OptLevel level) {
        return level == OptLevel.O0 ? O0 : O3;
    }

    /** Edge values and their neighbours, then random bit patterns and magnitudes. */
    private static float[] pool(SplittableRandom rnd, int n) {
        float[] v = new float[n];
        int k = 0;
        for (float e : EdgeValues.FLOATS) {
            v[k++] = e;
            if (!Float.isNaN(e)) v[k++] = -e;
        }
        while (k < n) {
            v[k] = switch (k % 4) {
                case 0 -> Float.intBitsToFloat(rnd.nextInt());
                case 1 -> (float) rnd.nextDouble(-10, 10);
                case 2 -> (float) rnd.nextDouble(-1e4, 1e4);
                default -> (float) rnd.nextDouble(-1, 1) * (float) Math.pow(2, rnd.nextInt(-140, 128));
            };
            k++;
        }
        return v;
    }

    private static float[] inputs(Opcode op, SplittableRandom rnd) {
        FloatList v = new FloatList();
        for (float e : EdgeValues.FLOATS) {
            v.add(e);
            v.add(-e);
            v.add(Math.nextUp(e));
            v.add(Math.nextDown(e));
        }
        // Payload NaNs and both infinities' neighbours: the result must still be the canonical NaN.
        v.add(Float.intBitsToFloat(0x7f800001));
        v.add(Float.intBitsToFloat(0xffc00001));
        v.add(Float.intBitsToFloat(0x7fffffff));
        for (int i = 0; i < 30_000; i++) v.add(Float.intBitsToFloat(rnd.nextInt()));
        for (int i = 0; i < 20_000; i++) v.add((float) rnd.nextDouble(-10, 10));
        for (int i = 0; i < 20_000; i++) v.add((float) rnd.nextDouble(-1e4, 1e4));
        switch (op) {
            case ASIN, ACOS -> {
                for (int i = 0; i < 25_000; i++) v.add((float) rnd.nextDouble(-1, Math.nextUp(1.0)));
                for (int i = 1; i <= 2_000; i++) { // 2,000 floats just below 1 and above -1
                    v.add(Float.intBitsToFloat(Float.floatToIntBits(1f) - i));
                    v.add(-Float.intBitsToFloat(Float.floatToIntBits(1f) - i));
                }
                for (int i = 0; i < 1_000; i++) v.add((float) rnd.nextDouble(-1e-3, 1e-3));
            }
            case LN -> {
                for (int i = -5_000; i <= 5_000; i++) v.add(Float.intBitsToFloat(Float.floatToIntBits(1f) + i));
                for (int i = 0; i < 10_000; i++) v.add((float) (1 + rnd.nextDouble(-0.3, 0.3)));
                for (int i = 0; i < 5_000; i++) v.add(Float.intBitsToFloat(rnd.nextInt(0x0080_0000))); // subnormals
                for (int i = 0; i < 5_000; i++) v.add(Float.intBitsToFloat(rnd.nextInt(0x7f80_0000))); // positive finite
            }
            case EXP -> {
                // Dense over [-105, 90]: every 2^-7 step (exact floats), then random ones;
                // covers overflow near 88.72, subnormal results below -87.3 and underflow near -103.97.
                for (double x = -105; x <= 90; x += 0x1p-7) v.add((float) x);
                for (int i = 0; i < 5_000; i++) v.add((float) rnd.nextDouble(-105, 90));
                for (int i = -300; i <= 300; i++) {
                    v.add(Float.intBitsToFloat(Float.floatToIntBits(88.72284f) + i));
                    v.add(Float.intBitsToFloat(Float.floatToIntBits(-103.97208f) + i));
                    v.add(Float.intBitsToFloat(Float.floatToIntBits(-87.33655f) + i));
                }
            }
            default -> { // sin cos tan atan
                // Around multiples of pi/4 (the reduction's quadrant edges) and the small-argument threshold.
                for (int k = -64; k <= 64; k++) {
                    int bits = Float.floatToIntBits((float) (k * Math.PI / 4));
                    for (int d = -40; d <= 40; d++) v.add(Float.intBitsToFloat(bits + d));
                }
                for (int d = -200; d <= 200; d++) {
                    v.add(Float.intBitsToFloat(0x3f49_0fdb + d));
                    v.add(-Float.intBitsToFloat(0x3f49_0fdb + d));
                }
            }
        }
        while (v.size() < 100_003) v.add(Float.intBitsToFloat(rnd.nextInt()));
        return v.toArray();
    }

    private static SsaTape tape(String text) throws ModelException {
        return Model.parse(text, "test.vm").tape();
    }

    private static String hex(float v) {
        return String.format("0x%08x (%s)", Float.floatToRawIntBits(v), v);
    }

    private static final class FloatList {
        private float[] a = new float[1 << 17];
        private int n;

        void add(float f) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, 2 * n);
            a[n++] = f;
        }

        int size() {
            return n;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
