package dev.ariel.llvm;

import static org.bytedeco.llvm.global.LLVM.*;

import dev.ariel.expr.Opcode;
import dev.ariel.tape.PrunedTape;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.llvm.LLVM.LLVMTypeRef;
import org.bytedeco.llvm.LLVM.LLVMValueRef;

/**
 * An experiment, not a tier: the interval pass of {@link dev.ariel.eval.IntervalEvaluator} for
 * 16 tiles at once, compiled, with the 16 tiles as the lanes of {@code <16 x float>} vectors:
 *
 * <pre>{@code void f(const float *boxes, float z, i8 *choices, float *root)}</pre>
 *
 * <p>{@code boxes} holds x0[16], x1[16], y0[16], y1[16]; {@code choices} gets instruction i's
 * per-tile choices at {@code [16 i, 16 i + 16)} (the Java evaluator's layout), and {@code root}
 * the output's lower and upper bounds. It covers the opcodes of prospero.vm and assumes no value
 * can be NaN, which holds for prospero over [−1, 1]²; {@code CompiledIntervalTable} checks it
 * against the Java evaluator bit for bit before timing it.
 */
public final class IntervalIrExperiment {
    private IntervalIrExperiment() {}

    /** Whether {@code tape} uses only the opcodes this experiment lowers. */
    public static boolean supports(PrunedTape tape) {
        for (int i = 0; i < tape.length(); i++) {
            switch (tape.opcode(i)) {
                case VAR_X, VAR_Y, VAR_Z, NEG, SQUARE, SQRT, ADD, SUB, MUL, MIN, MAX -> { }
                default -> { return false; }
            }
        }
        return true;
    }

    /** Builds the module; the caller owns it. */
    public static IrModule emit(PrunedTape tape, HostMachine machine, String name) {
        IrModule module = IrModule.create(name);
        try {
            machine.configure(module);
            try (VectorIr ir = new VectorIr(module, 16)) {
                body(ir, tape, name);
            }
            module.verify();
            return module;
        } catch (RuntimeException | Error e) {
            module.close();
            throw e;
        }
    }

    private static void body(VectorIr ir, PrunedTape tape, String name) {
        LLVMTypeRef fnType;
        try (PointerPointer<LLVMTypeRef> params = new PointerPointer<>(4)) {
            params.put(0, ir.ptr).put(1, ir.f32).put(2, ir.ptr).put(3, ir.ptr);
            fnType = LLVMFunctionType(LLVMVoidTypeInContext(ir.ctx), params, 4, 0);
        }
        LLVMValueRef fn = LLVMAddFunction(ir.mod, name, fnType);
        LLVMValueRef boxes = LLVMGetParam(fn, 0), z = LLVMGetParam(fn, 1);
        LLVMValueRef choicesOut = LLVMGetParam(fn, 2), rootOut = LLVMGetParam(fn, 3);
        LLVMPositionBuilderAtEnd(ir.b, LLVMAppendBasicBlockInContext(ir.ctx, fn, "entry"));
        LLVMTypeRef vi8 = LLVMVectorType(LLVMInt8TypeInContext(ir.ctx), 16);
        LLVMValueRef x0 = load(ir, boxes, 0), x1 = load(ir, boxes, 16), y0 = load(ir, boxes, 32), y1 = load(ir, boxes, 48);
        LLVMValueRef zv = ir.broadcast(z, ir.vf32, "z");
        int n = tape.length();
        LLVMValueRef[] lo = new LLVMValueRef[n], hi = new LLVMValueRef[n];
        float[] consts = tape.constants();
        LLVMValueRef zero = ir.cf(0), one8 = LLVMConstInt(LLVMInt8TypeInContext(ir.ctx), 1, 0);
        LLVMValueRef splat1 = LLVMConstVector(new PointerPointer<>(repeat(one8, 16)), 16);
        LLVMValueRef splat2 = LLVMConstVector(new PointerPointer<>(repeat(LLVMConstInt(LLVMInt8TypeInContext(ir.ctx), 2, 0), 16)), 16);
        LLVMValueRef splat0 = LLVMConstNull(vi8);
        for (int i = 0; i < n; i++) {
            Opcode op = tape.opcode(i);
            int a = tape.lhsArray()[i], b = tape.rhsArray()[i];
            LLVMValueRef al = null, ah = null, bl = null, bh = null;
            if (op.arity() >= 1) {
                al = a >= 0 ? lo[a] : ir.cf(consts[~a]);
                ah = a >= 0 ? hi[a] : ir.cf(consts[~a]);
            }
            if (op.arity() == 2) {
                bl = b >= 0 ? lo[b] : ir.cf(consts[~b]);
                bh = b >= 0 ? hi[b] : ir.cf(consts[~b]);
            }
            switch (op) {
                case VAR_X -> { lo[i] = x0; hi[i] = x1; }
                case VAR_Y -> { lo[i] = y0; hi[i] = y1; }
                case VAR_Z -> { lo[i] = zv; hi[i] = zv; }
                case NEG -> { lo[i] = ir.fneg(ah); hi[i] = ir.fneg(al); }
                case ADD -> { lo[i] = ir.fadd(al, bl); hi[i] = ir.fadd(ah, bh); }
                case SUB -> { lo[i] = ir.fsub(al, bh); hi[i] = ir.fsub(ah, bl); }
                case SQRT -> { lo[i] = ir.sqrt(max(ir, al, zero)); hi[i] = ir.sqrt(ah); }
                case SQUARE -> square(ir, al, ah, lo, hi, i, zero);
                case MUL -> {
                    if (a == b && a >= 0) {
                        square(ir, al, ah, lo, hi, i, zero);
                    } else {
                        LLVMValueRef p1 = ir.fmul(al, bl), p2 = ir.fmul(al, bh), p3 = ir.fmul(ah, bl), p4 = ir.fmul(ah, bh);
                        lo[i] = min(ir, min(ir, p1, p2), min(ir, p3, p4));
                        hi[i] = max(ir, max(ir, p1, p2), max(ir, p3, p4));
                    }
                }
                case MIN, MAX -> {
                    boolean isMin = op == Opcode.MIN;
                    LLVMValueRef left = isMin ? ir.fcmp(LLVMRealOLT, ah, bl) : ir.fcmp(LLVMRealOGT, al, bh);
                    LLVMValueRef right = isMin ? ir.fcmp(LLVMRealOLT, bh, al) : ir.fcmp(LLVMRealOGT, bl, ah);
                    lo[i] = ir.select(left, al, ir.select(right, bl, isMin ? min(ir, al, bl) : max(ir, al, bl)));
                    hi[i] = ir.select(left, ah, ir.select(right, bh, isMin ? min(ir, ah, bh) : max(ir, ah, bh)));
                    LLVMValueRef choice = ir.select(left, splat1, ir.select(right, splat2, splat0));
                    if (tape.signOnly(i)) {
                        // As the Java evaluator: only the sign matters, so a side that cannot change it goes.
                        LLVMValueRef sl = isMin ? ir.fcmp(LLVMRealOGE, bl, zero) : ir.fcmp(LLVMRealOLT, bh, zero);
                        LLVMValueRef sr = isMin ? ir.fcmp(LLVMRealOGE, al, zero) : ir.fcmp(LLVMRealOLT, ah, zero);
                        LLVMValueRef both = LLVMBuildICmp(ir.b, LLVMIntEQ, choice, splat0, "");
                        choice = ir.select(LLVMBuildAnd(ir.b, both, sl, ""), splat1,
                                ir.select(LLVMBuildAnd(ir.b, both, sr, ""), splat2, choice));
                    }
                    LLVMValueRef at = gep(ir, LLVMInt8TypeInContext(ir.ctx), choicesOut, 16L * i);
                    LLVMSetAlignment(LLVMBuildStore(ir.b, choice, at), 1);
                }
                default -> throw new IllegalArgumentException(op + " is not in this experiment");
            }
        }
        int out = tape.output();
        store(ir, out >= 0 ? lo[out] : ir.cf(consts[~out]), rootOut, 0);
        store(ir, out >= 0 ? hi[out] : ir.cf(consts[~out]), rootOut, 16);
        LLVMBuildRetVoid(ir.b);
    }

    private static void square(VectorIr ir, LLVMValueRef al, LLVMValueRef ah, LLVMValueRef[] lo, LLVMValueRef[] hi, int i,
            LLVMValueRef zero) {
        LLVMValueRef l2 = ir.fmul(al, al), h2 = ir.fmul(ah, ah);
        LLVMValueRef pos = ir.fcmp(LLVMRealOGE, al, zero), neg = ir.fcmp(LLVMRealOLE, ah, zero);
        lo[i] = ir.select(pos, l2, ir.select(neg, h2, zero));
        hi[i] = ir.select(pos, h2, ir.select(neg, l2, max(ir, l2, h2)));
    }

    private static LLVMValueRef min(VectorIr ir, LLVMValueRef a, LLVMValueRef b) {
        return ir.call2("llvm.minnum", a, b, "");
    }

    private static LLVMValueRef max(VectorIr ir, LLVMValueRef a, LLVMValueRef b) {
        return ir.call2("llvm.maxnum", a, b, "");
    }

    private static LLVMValueRef load(VectorIr ir, LLVMValueRef base, int offset) {
        LLVMValueRef p = gep(ir, ir.f32, base, offset);
        LLVMValueRef v = LLVMBuildLoad2(ir.b, ir.vf32, p, "");
        LLVMSetAlignment(v, 4);
        return v;
    }

    private static void store(VectorIr ir, LLVMValueRef v, LLVMValueRef base, int offset) {
        LLVMValueRef p = gep(ir, ir.f32, base, offset);
        LLVMSetAlignment(LLVMBuildStore(ir.b, v, p), 4);
    }

    // A one-element PointerPointer must be filled with put(): its one-Pointer constructor is a cast.
    private static LLVMValueRef gep(VectorIr ir, LLVMTypeRef elem, LLVMValueRef base, long index) {
        try (PointerPointer<LLVMValueRef> idx = new PointerPointer<>(1)) {
            idx.put(0, LLVMConstInt(ir.i64, index, 0));
            return LLVMBuildInBoundsGEP2(ir.b, elem, base, idx, 1, "");
        }
    }

    private static LLVMValueRef[] repeat(LLVMValueRef v, int n) {
        LLVMValueRef[] out = new LLVMValueRef[n];
        java.util.Arrays.fill(out, v);
        return out;
    }
}
