package dev.ariel.llvm;

import static org.bytedeco.llvm.global.LLVM.*;

import dev.ariel.eval.GradientRules;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.SsaTape;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.llvm.LLVM.LLVMBasicBlockRef;
import org.bytedeco.llvm.LLVM.LLVMTypeRef;
import org.bytedeco.llvm.LLVM.LLVMValueRef;

/**
 * Lowers an {@link SsaTape} to an LLVM function that evaluates its value and partial derivatives
 * at a batch of points, by forward-mode differentiation:
 *
 * <pre>{@code void NAME(const float *xs, const float *ys, const float *zs, i64 n,
 *           float *v, float *dx, float *dy, float *dz)}</pre>
 *
 * <p>writes the value at {@code (xs[i], ys[i], zs[i])} to {@code v[i]} and its partials to
 * {@code dx[i]}, {@code dy[i]}, {@code dz[i]} for {@code i < n} ({@code n ≥ 1}). The loop is
 * vectorised as {@link KernelIr}'s, at the same width, with masked loads and stores for the last
 * vector. Values are lowered by {@link KernelIr}'s own code with every min/max exact, and each
 * partial mirrors {@link GradientRules} operation for operation, so the kernel's results equal the
 * Java tier's (NaN as one value, −0 = +0). No fast-math flag appears.
 */
public final class GradientIr {
    private GradientIr() {}

    /**
     * Builds the verified module for {@code tape}, exporting {@code functionName}; the caller owns it.
     */
    public static IrModule emit(SsaTape tape, HostMachine machine, String functionName) {
        IrModule module = IrModule.create(functionName);
        try {
            machine.configure(module);
            try (VectorIr ir = new VectorIr(module, machine.host().floatLanes())) {
                new Partials(ir, new F32MathIr(ir), tape).emit(functionName);
            }
            module.verify();
            return module;
        } catch (RuntimeException | Error e) {
            module.close();
            throw e;
        }
    }

    private static final class Partials {
        private final VectorIr ir;
        private final F32MathIr math;
        private final SsaTape tape;
        private final KernelIr.Body values;
        // The partials of each instruction along x, y and z.
        private final LLVMValueRef[][] partials;

        Partials(VectorIr ir, F32MathIr math, SsaTape tape) {
            this.ir = ir;
            this.math = math;
            this.tape = tape;
            this.values = new KernelIr.Body(ir, math, tape, null);
            this.partials = new LLVMValueRef[3][tape.length()];
        }

        void emit(String functionName) {
            LLVMTypeRef fnType;
            try (PointerPointer<LLVMTypeRef> params = new PointerPointer<>(8)) {
                params.put(0, ir.ptr).put(1, ir.ptr).put(2, ir.ptr).put(3, ir.i64);
                for (int p = 4; p < 8; p++) params.put(p, ir.ptr);
                fnType = LLVMFunctionType(LLVMVoidTypeInContext(ir.ctx), params, 8, 0);
            }
            LLVMValueRef fn = LLVMAddFunction(ir.mod, functionName, fnType);
            String[] names = {"xs", "ys", "zs", "n", "v", "dx", "dy", "dz"};
            for (int p = 0; p < 8; p++) {
                // No noalias: a caller may pass one array as xs and ys, and nothing here gains from it.
                LLVMSetValueName2(LLVMGetParam(fn, p), names[p], names[p].length());
            }
            LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, values.enumAttribute("nounwind"));
            LLVMValueRef n = LLVMGetParam(fn, 3);
            LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(ir.ctx, fn, "entry");
            LLVMBasicBlockRef loop = LLVMAppendBasicBlockInContext(ir.ctx, fn, "loop");
            LLVMBasicBlockRef exit = LLVMAppendBasicBlockInContext(ir.ctx, fn, "exit");

            LLVMPositionBuilderAtEnd(ir.b, entry);
            LLVMValueRef[] head = values.loopHead(n, loop);
            LLVMValueRef i = head[0], mask = head[1];
            values.bindInputs(load(LLVMGetParam(fn, 0), i, mask, "x"), load(LLVMGetParam(fn, 1), i, mask, "y"),
                    load(LLVMGetParam(fn, 2), i, mask, "z"));
            for (int k = 0; k < tape.length(); k++) {
                lower(k, values.define(k));
            }
            int out = tape.output();
            store(values.operand(out), LLVMGetParam(fn, 4), i, mask);
            for (int axis = 0; axis < 3; axis++) {
                store(partial(axis, out), LLVMGetParam(fn, 5 + axis), i, mask);
            }
            values.loopTail(i, n, entry, loop, exit);
        }

        // Inactive lanes compute on a copy of the first active point: never a read past n.
        private LLVMValueRef load(LLVMValueRef base, LLVMValueRef i, LLVMValueRef mask, String name) {
            LLVMValueRef p = values.gep(ir.f32, base, i, "p" + name);
            LLVMValueRef first = LLVMBuildLoad2(ir.b, ir.f32, p, name + ".first");
            LLVMSetAlignment(first, 4);
            return ir.intrinsic("llvm.masked.load", new LLVMTypeRef[] {ir.vf32, ir.ptr}, name,
                    p, LLVMConstInt(ir.i32, 4, 0), mask, ir.broadcast(first, ir.vf32, ""));
        }

        private void store(LLVMValueRef vector, LLVMValueRef base, LLVMValueRef i, LLVMValueRef mask) {
            ir.intrinsic("llvm.masked.store", new LLVMTypeRef[] {ir.vf32, ir.ptr}, "",
                    vector, values.gep(ir.f32, base, i, ""), LLVMConstInt(ir.i32, 4, 0), mask);
        }

        private LLVMValueRef partial(int axis, int operand) {
            return SsaTape.isConstant(operand) ? ir.cf(0) : partials[axis][operand];
        }

        // Instruction k's partials along each axis, from GradientRules' formulas.
        private void lower(int k, LLVMValueRef v) {
            Opcode op = tape.opcode(k);
            if (op.isVariable()) {
                for (int axis = 0; axis < 3; axis++) {
                    partials[axis][k] = ir.cf(axis == op.ordinal() - Opcode.VAR_X.ordinal() ? 1 : 0);
                }
                return;
            }
            if (GradientRules.isFlat(op)) {
                for (int axis = 0; axis < 3; axis++) partials[axis][k] = ir.cf(0);
                return;
            }
            int l = tape.lhs(k);
            LLVMValueRef a = values.operand(l);
            if (op.arity() == 1) {
                LLVMValueRef factor = unaryFactor(op, a, v);
                for (int axis = 0; axis < 3; axis++) partials[axis][k] = ir.fmul(partial(axis, l), factor);
                return;
            }
            int r = tape.rhs(k);
            LLVMValueRef b = values.operand(r);
            LLVMValueRef shared = binaryShared(op, a, b);
            for (int axis = 0; axis < 3; axis++) {
                partials[axis][k] = binary(op, a, b, v, shared, partial(axis, l), partial(axis, r));
            }
        }

        // GradientRules.unaryFactor.
        private LLVMValueRef unaryFactor(Opcode op, LLVMValueRef a, LLVMValueRef v) {
            return switch (op) {
                case NEG -> ir.cf(-1);
                case ABS -> ir.select(ir.fcmp(LLVMRealOLT, a, ir.cf(0)), ir.cf(-1), ir.cf(1));
                case RECIP -> ir.fneg(ir.fmul(v, v));
                case SQRT -> ir.fdiv(ir.cf(0.5), v);
                case SQUARE -> ir.fadd(a, a);
                case SIN -> math.call(Opcode.COS, "", a);
                case COS -> ir.fneg(math.call(Opcode.SIN, "", a));
                case TAN -> ir.fadd(ir.cf(1), ir.fmul(v, v));
                case ASIN -> ir.fdiv(ir.cf(1), ir.sqrt(ir.fsub(ir.cf(1), ir.fmul(a, a))));
                case ACOS -> ir.fdiv(ir.cf(-1), ir.sqrt(ir.fsub(ir.cf(1), ir.fmul(a, a))));
                case ATAN -> ir.fdiv(ir.cf(1), ir.fadd(ir.cf(1), ir.fmul(a, a)));
                case EXP -> v;
                case LN -> ir.fdiv(ir.cf(1), a);
                default -> throw new IllegalArgumentException(op.text() + " has no unary chain rule");
            };
        }

        // What a binary rule computes once for all three axes: a choice, a denominator or a factor.
        private LLVMValueRef binaryShared(Opcode op, LLVMValueRef a, LLVMValueRef b) {
            return switch (op) {
                // GradientRules.takesLhs
                case MIN, MAX -> LLVMBuildOr(ir.b, ir.fcmp(op == Opcode.MIN ? LLVMRealOLE : LLVMRealOGE, a, b),
                        ir.fcmp(LLVMRealUNO, b, b), "");
                case ATAN2 -> ir.fadd(ir.fmul(a, a), ir.fmul(b, b));
                case MOD -> { // GradientRules.modFactor
                    LLVMValueRef m = ir.call1("llvm.floor", ir.fdiv(a, ir.fabs(b)));
                    yield ir.select(ir.fcmp(LLVMRealOLT, b, ir.cf(0)), m, ir.fneg(m));
                }
                case AND -> ir.fcmp(LLVMRealOEQ, a, ir.cf(0));
                case OR -> ir.fcmp(LLVMRealUNE, a, ir.cf(0));
                default -> null;
            };
        }

        // GradientRules.binary, along one axis.
        private LLVMValueRef binary(Opcode op, LLVMValueRef a, LLVMValueRef b, LLVMValueRef v, LLVMValueRef shared,
                LLVMValueRef da, LLVMValueRef db) {
            return switch (op) {
                case ADD -> ir.fadd(da, db);
                case SUB -> ir.fsub(da, db);
                case MUL -> ir.fadd(ir.fmul(da, b), ir.fmul(a, db));
                case DIV -> ir.fdiv(ir.fsub(da, ir.fmul(v, db)), b);
                case MIN, MAX, AND, OR -> ir.select(shared, da, db);
                case ATAN2 -> ir.fdiv(ir.fsub(ir.fmul(b, da), ir.fmul(a, db)), shared);
                case MOD -> ir.fadd(da, ir.fmul(db, shared));
                default -> throw new IllegalArgumentException(op.text() + " has no binary chain rule");
            };
        }
    }
}
