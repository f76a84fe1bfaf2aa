package dev.ariel.eval;
import dev.ariel.tape.IntervalAnalysis;
import dev.ariel.tape.Box;

import static dev.ariel.eval.RowOps.*;

import dev.ariel.expr.F32Semantics;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.SsaTape;
import java.util.Arrays;

/**
 * The interpreter tier: evaluates a tape one instruction at a time across a chunk of pixels, so
 * the dispatch cost is paid once per instruction and chunk, and each instruction is a tight loop
 * that HotSpot can vectorize.
 *
 * <p>Values live in reused slot buffers (the tape's slot plan), so prospero.vm's 7,866
 * instructions need 126 buffers, not thousands. Constant operands are read as scalars (the RC and
 * CR forms), never materialized as rows. Each loop body is the matching {@link F32Semantics}
 * definition written inline; the conformance tests hold them equal. Where {@link IntervalAnalysis}
 * proves over the evaluator's {@link Box} that no operand of a min or max can be NaN, it runs as
 * {@link Math#min(float, float)}/{@link Math#max(float, float)}, which vectorize and are then
 * exactly minNum/maxNum.
 */
public final class JavaRowEvaluator implements RowEvaluator {
    private static final byte RR = 0;
    private static final byte RC = 1;
    private static final byte CR = 2;
    private static final byte CONSTANT = 3;
    // Measured on prospero at 1024 px (medians, this 2-core machine): 1 thread 586 ms at 256 px,
    // 451 at 512, 373 at 1024 (each instruction costs ~10 ns a chunk in dispatch and loop set-up);
    // 2 threads 325 ms at 256 px but 485 at 512 and 369 at 1024, where two sets of slot buffers
    // (126 slots of CHUNK floats) stop fitting in cache together. The default render uses every
    // core, so 256 it is; -Dariel.interp.chunk overrides it for experiments.
    private static final int CHUNK = Integer.getInteger("ariel.interp.chunk", 256);

    /**
     * The most memory one evaluator's slot buffers may take: a model that keeps a million values
     * alive gets shorter chunks, not a heap of gigabytes.
     */
    static final long BUFFER_BUDGET_BYTES = 32L << 20;

    private final Opcode[] opcodes;
    private final byte[] form;
    private final int[] outSlot;
    private final int[] lhs;
    private final int[] rhs;
    private final float[] constA;
    private final float[] constB;
    private final float[] folded;
    private final boolean[] nanFree;
    private final int resultSlot;
    private final float resultConstant;
    private final float[][] buf;
    private final int chunk;

    /** An evaluator for {@code tape} at any input, NaN included. */
    public JavaRowEvaluator(SsaTape tape) {
        this(tape, Box.EVERYTHING);
    }

    /**
     * An evaluator for {@code tape} that will only be asked about inputs inside {@code box}, which
     * lets it use hardware min/max wherever {@link IntervalAnalysis} proves no operand is NaN.
     */
    public JavaRowEvaluator(SsaTape tape, Box box) {
        int n = tape.length();
        IntervalAnalysis bounds = IntervalAnalysis.of(tape, box);
        nanFree = new boolean[n];
        opcodes = new Opcode[n];
        form = new byte[n];
        outSlot = new int[n];
        lhs = new int[n];
        rhs = new int[n];
        constA = new float[n];
        constB = new float[n];
        folded = new float[n];
        for (int i = 0; i < n; i++) {
            Opcode op = tape.opcode(i);
            opcodes[i] = op;
            nanFree[i] = op.arity() == 2 && !bounds.maybeNaN(tape.lhs(i)) && !bounds.maybeNaN(tape.rhs(i));
            outSlot[i] = tape.slot(i);
            int a = tape.lhs(i);
            int b = tape.rhs(i);
            boolean aConst = op.arity() >= 1 && SsaTape.isConstant(a);
            boolean bConst = op.arity() == 2 && SsaTape.isConstant(b);
            if (aConst) constA[i] = tape.constant(SsaTape.constantIndex(a));
            else if (op.arity() >= 1) lhs[i] = tape.slot(a);
            if (bConst) constB[i] = tape.constant(SsaTape.constantIndex(b));
            else if (op.arity() == 2) rhs[i] = tape.slot(b);
            // The graph folds constant-only ops, but a tape may come from elsewhere: fold here too.
            if (op.arity() > 0 && aConst && (op.arity() == 1 || bConst)) {
                form[i] = CONSTANT;
                folded[i] = F32Semantics.apply(op, constA[i], constB[i]);
            } else {
                form[i] = aConst ? CR : bConst ? RC : RR;
            }
        }
        int output = tape.output();
        if (SsaTape.isConstant(output)) {
            resultSlot = -1;
            resultConstant = tape.constant(SsaTape.constantIndex(output));
        } else {
            resultSlot = tape.slot(output);
            resultConstant = Float.NaN;
        }
        chunk = (int) Math.max(1, Math.min(CHUNK, BUFFER_BUDGET_BYTES / (4L * Math.max(1, tape.slotCount()))));
        buf = new float[tape.slotCount()][chunk];
    }

    /** How many pixels each slot buffer holds: the default, or fewer for models with many live values. */
    int chunk() {
        return chunk;
    }

    @Override
    public void evaluate(float[] xs, int from, int count, float y, float z, float[] out) {
        int end = from + count;
        if (resultSlot < 0) {
            Arrays.fill(out, from, end, resultConstant);
            return;
        }
        for (int start = from; start < end; start += chunk) {
            evaluateChunk(xs, start, Math.min(chunk, end - start), y, z, out);
        }
    }

    // One chunk at a time bounds the slot buffers at `chunk` floats each.
    // Why this method is long: it is the brute-force interpreter's one dispatch loop, a switch over
    // every opcode form whose arms are the loops HotSpot vectorizes; split into calls per arm, the
    // dispatch would no longer be one compiled unit that HotSpot inlines and unrolls as a whole.
    private void evaluateChunk(float[] xs, int start, int n, float y, float z, float[] out) {
        float[][] buf = this.buf;
        for (int i = 0; i < opcodes.length; i++) {
            float[] o = buf[outSlot[i]];
            if (form[i] == CONSTANT) {
                Arrays.fill(o, 0, n, folded[i]);
                continue;
            }
            switch (opcodes[i]) {
                case VAR_X -> System.arraycopy(xs, start, o, 0, n);
                case VAR_Y -> Arrays.fill(o, 0, n, y);
                case VAR_Z -> Arrays.fill(o, 0, n, z);
                case CONST -> throw new IllegalStateException("constants are operands, not instructions");
                case NEG -> neg(o, buf[lhs[i]], n);
                case ABS -> abs(o, buf[lhs[i]], n);
                case RECIP -> recip(o, buf[lhs[i]], n);
                case SQRT -> sqrt(o, buf[lhs[i]], n);
                case SQUARE -> square(o, buf[lhs[i]], n);
                case FLOOR -> floor(o, buf[lhs[i]], n);
                case CEIL -> ceil(o, buf[lhs[i]], n);
                case ROUND -> round(o, buf[lhs[i]], n);
                case SIN -> sin(o, buf[lhs[i]], n);
                case COS -> cos(o, buf[lhs[i]], n);
                case TAN -> tan(o, buf[lhs[i]], n);
                case ASIN -> asin(o, buf[lhs[i]], n);
                case ACOS -> acos(o, buf[lhs[i]], n);
                case ATAN -> atan(o, buf[lhs[i]], n);
                case EXP -> exp(o, buf[lhs[i]], n);
                case LN -> ln(o, buf[lhs[i]], n);
                case NOT -> not(o, buf[lhs[i]], n);
                case ADD -> {
                    switch (form[i]) {
                        case RR -> add(o, buf[lhs[i]], buf[rhs[i]], n);
                        case RC -> add(o, buf[lhs[i]], constB[i], n);
                        default -> add(o, constA[i], buf[rhs[i]], n);
                    }
                }
                case SUB -> {
                    switch (form[i]) {
                        case RR -> sub(o, buf[lhs[i]], buf[rhs[i]], n);
                        case RC -> sub(o, buf[lhs[i]], constB[i], n);
                        default -> sub(o, constA[i], buf[rhs[i]], n);
                    }
                }
                case MUL -> {
                    switch (form[i]) {
                        case RR -> mul(o, buf[lhs[i]], buf[rhs[i]], n);
                        case RC -> mul(o, buf[lhs[i]], constB[i], n);
                        default -> mul(o, constA[i], buf[rhs[i]], n);
                    }
                }
                case DIV -> {
                    switch (form[i]) {
                        case RR -> div(o, buf[lhs[i]], buf[rhs[i]], n);
                        case RC -> div(o, buf[lhs[i]], constB[i], n);
                        default -> div(o, constA[i], buf[rhs[i]], n);
                    }
                }
                case MIN -> {
                    if (nanFree[i]) {
                        switch (form[i]) {
                            case RR -> minNoNaN(o, buf[lhs[i]], buf[rhs[i]], n);
                            case RC -> minNoNaN(o, buf[lhs[i]], constB[i], n);
                            default -> minNoNaN(o, buf[rhs[i]], constA[i], n); // exactly commutative
                        }
                    } else {
                        switch (form[i]) {
                            case RR -> min(o, buf[lhs[i]], buf[rhs[i]], n);
                            case RC -> min(o, buf[lhs[i]], constB[i], n);
                            default -> min(o, constA[i], buf[rhs[i]], n);
                        }
                    }
                }
                case MAX -> {
                    if (nanFree[i]) {
                        switch (form[i]) {
                            case RR -> maxNoNaN(o, buf[lhs[i]], buf[rhs[i]], n);
                            case RC -> maxNoNaN(o, buf[lhs[i]], constB[i], n);
                            default -> maxNoNaN(o, buf[rhs[i]], constA[i], n); // exactly commutative
                        }
                    } else {
                        switch (form[i]) {
                            case RR -> max(o, buf[lhs[i]], buf[rhs[i]], n);
                            case RC -> max(o, buf[lhs[i]], constB[i], n);
                            default -> max(o, constA[i], buf[rhs[i]], n);
                        }
                    }
                }
                case ATAN2 -> {
                    switch (form[i]) {
                        case RR -> atan2(o, buf[lhs[i]], buf[rhs[i]], n);
                        case RC -> atan2(o, buf[lhs[i]], constB[i], n);
                        default -> atan2(o, constA[i], buf[rhs[i]], n);
                    }
                }
                case COMPARE -> {
                    switch (form[i]) {
                        case RR -> compare(o, buf[lhs[i]], buf[rhs[i]], n);
                        case RC -> compare(o, buf[lhs[i]], constB[i], n);
                        default -> compare(o, constA[i], buf[rhs[i]], n);
                    }
                }
                case MOD -> {
                    switch (form[i]) {
                        case RR -> mod(o, buf[lhs[i]], buf[rhs[i]], n);
                        case RC -> mod(o, buf[lhs[i]], constB[i], n);
                        default -> mod(o, constA[i], buf[rhs[i]], n);
                    }
                }
                case AND -> {
                    switch (form[i]) {
                        case RR -> and(o, buf[lhs[i]], buf[rhs[i]], n);
                        case RC -> and(o, buf[lhs[i]], constB[i], n);
                        default -> and(o, constA[i], buf[rhs[i]], n);
                    }
                }
                case OR -> {
                    switch (form[i]) {
                        case RR -> or(o, buf[lhs[i]], buf[rhs[i]], n);
                        case RC -> or(o, buf[lhs[i]], constB[i], n);
                        default -> or(o, constA[i], buf[rhs[i]], n);
                    }
                }
            }
        }
        System.arraycopy(buf[resultSlot], 0, out, start, n);
    }
}
