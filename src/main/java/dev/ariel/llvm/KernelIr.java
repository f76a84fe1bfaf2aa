package dev.ariel.llvm;

import static org.bytedeco.llvm.global.LLVM.*;

import dev.ariel.tape.MinMaxFacts;
import dev.ariel.expr.Opcode;
import dev.ariel.tape.SsaTape;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.llvm.LLVM.LLVMBasicBlockRef;
import org.bytedeco.llvm.LLVM.LLVMTypeRef;
import org.bytedeco.llvm.LLVM.LLVMValueRef;

/**
 * Lowers an {@link SsaTape} to an LLVM function that evaluates a run of pixels of a row (or
 * several tapes to one module with a function each):
 *
 * <pre>{@code void NAME(const float *xs, float *out, i64 n, float y, float z)}</pre>
 *
 * <p>writes the model's value at {@code (xs[i], y, z)} to {@code out[i]} for {@code i < n}
 * ({@code n ≥ 1}). Each kernel also exports {@code NAME_rows(xs, out, n, ys, rows, z)}, which
 * does the same for each {@code y = ys[r]}, writing row {@code r} to {@code out + r * n}
 * ({@code rows ≥ 1}). The x loop is vectorised explicitly: each iteration evaluates the whole tape
 * on {@link HostTarget#floatLanes()} pixels as straight-line SSA code, and the last, partial
 * vector uses masked loads and stores, so the body exists once and no lane reads or writes past
 * {@code n}. Inactive lanes compute on a copy of the first active pixel's x, so that every lane
 * is inside the box that {@link MinMaxFacts} were proved for.
 *
 * <p>Every opcode matches {@link dev.ariel.expr.F32Semantics} bit for bit (all NaNs alike, ±0
 * alike). No fast-math flag appears except {@code nnan nsz} on a min/max whose facts allow it.
 * Values keep the {@code .vm} names ({@code %_4}), so the IR reads against the model.
 */
public final class KernelIr {
    private KernelIr() {}

    /**
     * One row function of a module: a tape, the facts proved for the box it will run in, and its
     * exported symbol.
     *
     * @param tape the tape to lower
     * @param facts what was proved about its min/max over the box the code will run in
     * @param name the exported function's symbol name, unique within the module (and the JIT)
     */
    public record Kernel(SsaTape tape, MinMaxFacts facts, String name) {
        public Kernel {
            if (tape == null || facts == null || name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a kernel needs a tape, facts and a name");
            }
        }
    }

    /**
     * Builds the module for {@code tape}.
     *
     * @param tape the tape to lower
     * @param facts what was proved about its min/max over the box the code will run in
     * @param machine the target machine; it sets the module's triple and data layout
     * @param functionName the exported function's symbol name
     * @return the verified module; the caller owns it
     */
    public static IrModule emit(SsaTape tape, MinMaxFacts facts, HostMachine machine, String functionName) {
        return emit(List.of(new Kernel(tape, facts, functionName)), machine, functionName);
    }

    /**
     * Builds one module that exports a row function per kernel, all with the signature above.
     * The internal {@code F32Math} functions and tables are defined once per module and shared
     * by every kernel in it, so a batch pays for each of them once, not once per tape.
     *
     * @param kernels the functions to emit, with distinct names; at least one
     * @param machine the target machine; it sets the module's triple and data layout
     * @param moduleName the module's name (it shows in LLVM's diagnostics)
     * @return the verified module; the caller owns it
     */
    public static IrModule emit(List<Kernel> kernels, HostMachine machine, String moduleName) {
        if (kernels.isEmpty()) throw new IllegalArgumentException("a module needs at least one kernel");
        Set<String> names = new HashSet<>();
        for (Kernel k : kernels) {
            // LLVM would silently rename a second definition, and the symbol looked up would be the wrong one.
            if (!names.add(k.name())) throw new IllegalArgumentException("two kernels are named " + k.name());
        }
        IrModule module = IrModule.create(moduleName);
        try {
            machine.configure(module);
            try (VectorIr ir = new VectorIr(module, machine.host().floatLanes())) {
                F32MathIr math = new F32MathIr(ir);
                for (Kernel k : kernels) {
                    LLVMValueRef row = new Body(ir, math, k.tape(), k.facts()).emit(k.name());
                    emitRows(ir, row, k.name());
                }
            }
            module.verify();
            return module;
        } catch (RuntimeException | Error e) {
            module.close();
            throw e;
        }
    }

    /** The suffix of each kernel's second export, which evaluates several rows in one call. */
    public static final String ROWS_SUFFIX = "_rows";

    /*
     * void NAME_rows(const float *xs, float *out, i64 n, const float *ys, i64 rows, float z)
     * calls the row function for each y in ys[0..rows) (rows >= 1), writing row r to out + r*n. A caller
     * crossing from Java pays its call overhead once per tile instead of once per row, which in
     * a cold JVM (calls not yet compiled) costs microseconds each.
     */
    private static void emitRows(VectorIr ir, LLVMValueRef row, String name) {
        LLVMTypeRef rowType = LLVMGlobalGetValueType(row);
        LLVMTypeRef fnType;
        try (PointerPointer<LLVMTypeRef> params = new PointerPointer<>(6)) {
            params.put(0, ir.ptr).put(1, ir.ptr).put(2, ir.i64).put(3, ir.ptr).put(4, ir.i64).put(5, ir.f32);
            fnType = LLVMFunctionType(LLVMVoidTypeInContext(ir.ctx), params, 6, 0);
        }
        LLVMValueRef fn = LLVMAddFunction(ir.mod, name + ROWS_SUFFIX, fnType);
        LLVMValueRef xs = LLVMGetParam(fn, 0), out = LLVMGetParam(fn, 1), n = LLVMGetParam(fn, 2);
        LLVMValueRef ys = LLVMGetParam(fn, 3), rows = LLVMGetParam(fn, 4), z = LLVMGetParam(fn, 5);
        LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                LLVMCreateEnumAttribute(ir.ctx, LLVMGetEnumAttributeKindForName("nounwind", 8), 0));
        LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(ir.ctx, fn, "entry");
        LLVMBasicBlockRef loop = LLVMAppendBasicBlockInContext(ir.ctx, fn, "row");
        LLVMBasicBlockRef exit = LLVMAppendBasicBlockInContext(ir.ctx, fn, "exit");
        LLVMPositionBuilderAtEnd(ir.b, entry);
        LLVMValueRef zero = LLVMConstInt(ir.i64, 0, 0);
        LLVMBuildBr(ir.b, loop); // rows >= 1, as n >= 1 for the row function
        LLVMPositionBuilderAtEnd(ir.b, loop);
        LLVMValueRef r = LLVMBuildPhi(ir.b, ir.i64, "r");
        LLVMValueRef y;
        LLVMValueRef o;
        try (PointerPointer<LLVMValueRef> idx = new PointerPointer<>(1)) {
            idx.put(0, r);
            y = LLVMBuildLoad2(ir.b, ir.f32, LLVMBuildInBoundsGEP2(ir.b, ir.f32, ys, idx, 1, "py"), "y");
            LLVMSetAlignment(y, 4);
            idx.put(0, LLVMBuildMul(ir.b, r, n, "offset"));
            o = LLVMBuildInBoundsGEP2(ir.b, ir.f32, out, idx, 1, "po");
        }
        try (PointerPointer<LLVMValueRef> args = new PointerPointer<>(5)) {
            args.put(0, xs).put(1, o).put(2, n).put(3, y).put(4, z);
            LLVMBuildCall2(ir.b, rowType, row, args, 5, "");
        }
        LLVMValueRef next = LLVMBuildAdd(ir.b, r, LLVMConstInt(ir.i64, 1, 0), "r.next");
        LLVMBuildCondBr(ir.b, LLVMBuildICmp(ir.b, LLVMIntSLT, next, rows, "more"), loop, exit);
        try (PointerPointer<LLVMValueRef> v = new PointerPointer<>(2); PointerPointer<LLVMBasicBlockRef> bb = new PointerPointer<>(2)) {
            v.put(0, zero).put(1, next);
            bb.put(0, entry).put(1, loop);
            LLVMAddIncoming(r, v, bb, 2);
        }
        LLVMPositionBuilderAtEnd(ir.b, exit);
        LLVMBuildRetVoid(ir.b);
    }

    /*
     * The lowering of one tape's values into straight-line vector code. The row function below
     * drives it; GradientIr drives the same lowering for its values (with facts == null: every
     * min/max exact), so both kernels compute each value with the same instructions.
     */
    static final class Body {
        private final VectorIr ir;
        private final SsaTape tape;
        private final MinMaxFacts facts;
        private final F32MathIr math;
        private final LLVMValueRef[] values;
        private final LLVMValueRef[] constants;
        private LLVMValueRef xv, yv, zv;

        Body(VectorIr ir, F32MathIr math, SsaTape tape, MinMaxFacts facts) {
            this.ir = ir;
            this.tape = tape;
            this.facts = facts;
            this.math = math;
            this.values = new LLVMValueRef[tape.length()];
            this.constants = new LLVMValueRef[tape.constantCount()];
        }

        LLVMValueRef emit(String functionName) {
            LLVMTypeRef fnType;
            try (PointerPointer<LLVMTypeRef> params = new PointerPointer<>(5)) {
                params.put(0, ir.ptr).put(1, ir.ptr).put(2, ir.i64).put(3, ir.f32).put(4, ir.f32);
                fnType = LLVMFunctionType(LLVMVoidTypeInContext(ir.ctx), params, 5, 0);
            }
            LLVMValueRef fn = LLVMAddFunction(ir.mod, functionName, fnType);
            LLVMValueRef xs = LLVMGetParam(fn, 0), out = LLVMGetParam(fn, 1), n = LLVMGetParam(fn, 2);
            LLVMValueRef y = LLVMGetParam(fn, 3), z = LLVMGetParam(fn, 4);
            LLVMSetValueName2(xs, "xs", 2);
            LLVMSetValueName2(out, "out", 3);
            LLVMSetValueName2(n, "n", 1);
            LLVMSetValueName2(y, "y", 1);
            LLVMSetValueName2(z, "z", 1);
            for (int p : new int[] {1, 2}) { // xs and out never alias anything else the kernel touches
                LLVMAddAttributeAtIndex(fn, p, enumAttribute("noalias"));
            }
            LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, enumAttribute("nounwind"));

            LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(ir.ctx, fn, "entry");
            LLVMBasicBlockRef loop = LLVMAppendBasicBlockInContext(ir.ctx, fn, "loop");
            LLVMBasicBlockRef exit = LLVMAppendBasicBlockInContext(ir.ctx, fn, "exit");

            LLVMPositionBuilderAtEnd(ir.b, entry);
            yv = ir.broadcast(y, ir.vf32, "y.v");
            zv = ir.broadcast(z, ir.vf32, "z.v");
            LLVMValueRef[] head = loopHead(n, loop);
            LLVMValueRef i = head[0], mask = head[1];
            LLVMValueRef px = gep(ir.f32, xs, i, "px");
            // Inactive lanes get the first active pixel's x: in the box, and never read past n.
            LLVMValueRef firstX = LLVMBuildLoad2(ir.b, ir.f32, px, "x.first");
            LLVMSetAlignment(firstX, 4);
            xv = ir.intrinsic("llvm.masked.load", new LLVMTypeRef[] {ir.vf32, ir.ptr}, "x",
                    px, LLVMConstInt(ir.i32, 4, 0), mask, ir.broadcast(firstX, ir.vf32, ""));

            for (int k = 0; k < tape.length(); k++) {
                define(k);
            }
            LLVMValueRef result = operand(tape.output());
            LLVMValueRef po = gep(ir.f32, out, i, "po");
            ir.intrinsic("llvm.masked.store", new LLVMTypeRef[] {ir.vf32, ir.ptr}, "",
                    result, po, LLVMConstInt(ir.i32, 4, 0), mask);
            loopTail(i, n, entry, loop, exit);
            return fn;
        }

        /*
         * From the entry block: the lane ids and n as vectors, the branch into `loop`, and there the
         * index phi i and the mask of lanes below n. Returns {i, mask}.
         */
        LLVMValueRef[] loopHead(LLVMValueRef n, LLVMBasicBlockRef loop) {
            LLVMValueRef laneIds = laneIds();
            LLVMValueRef nv = ir.broadcast(n, ir.vi64, "n.v");
            LLVMBuildBr(ir.b, loop);

            LLVMPositionBuilderAtEnd(ir.b, loop);
            LLVMValueRef i = LLVMBuildPhi(ir.b, ir.i64, "i");
            LLVMValueRef mask = LLVMBuildICmp(ir.b, LLVMIntSLT,
                    LLVMBuildAdd(ir.b, ir.broadcast(i, ir.vi64, ""), laneIds, "lane"), nv, "active");
            return new LLVMValueRef[] {i, mask};
        }

        /** Steps i by a vector, loops while it is below n, and returns from `exit`. */
        void loopTail(LLVMValueRef i, LLVMValueRef n, LLVMBasicBlockRef entry, LLVMBasicBlockRef loop,
                LLVMBasicBlockRef exit) {
            LLVMValueRef next = LLVMBuildAdd(ir.b, i, LLVMConstInt(ir.i64, ir.lanes, 0), "i.next");
            LLVMBuildCondBr(ir.b, LLVMBuildICmp(ir.b, LLVMIntSLT, next, n, "more"), loop, exit);
            addIncoming(i, LLVMConstInt(ir.i64, 0, 0), entry);
            addIncoming(i, next, LLVMGetInsertBlock(ir.b));

            LLVMPositionBuilderAtEnd(ir.b, exit);
            LLVMBuildRetVoid(ir.b);
        }

        /** Sets the vectors that {@code var-x}, {@code var-y} and {@code var-z} read. */
        void bindInputs(LLVMValueRef x, LLVMValueRef y, LLVMValueRef z) {
            xv = x;
            yv = y;
            zv = z;
        }

        /** Emits instruction {@code k}'s value, which later operands read, and returns it. */
        LLVMValueRef define(int k) {
            values[k] = lower(k);
            return values[k];
        }

        private LLVMValueRef lower(int k) {
            Opcode op = tape.opcode(k);
            String name = tape.name(k) != null ? tape.name(k) : "";
            LLVMValueRef a = op.arity() >= 1 ? operand(tape.lhs(k)) : null;
            LLVMValueRef c = op.arity() == 2 ? operand(tape.rhs(k)) : null;
            return switch (op) {
                case CONST -> throw new IllegalStateException("constants are pooled, not instructions");
                case VAR_X -> xv;
                case VAR_Y -> yv;
                case VAR_Z -> zv;
                case NEG -> LLVMBuildFNeg(ir.b, a, name);
                case ABS -> ir.intrinsic("llvm.fabs", new LLVMTypeRef[] {ir.vf32}, name, a);
                case RECIP -> LLVMBuildFDiv(ir.b, ir.cf(1.0), a, name);
                case SQRT -> ir.intrinsic("llvm.sqrt", new LLVMTypeRef[] {ir.vf32}, name, a);
                case SQUARE -> LLVMBuildFMul(ir.b, a, a, name);
                case FLOOR -> ir.intrinsic("llvm.floor", new LLVMTypeRef[] {ir.vf32}, name, a);
                case CEIL -> ir.intrinsic("llvm.ceil", new LLVMTypeRef[] {ir.vf32}, name, a);
                case ROUND -> ir.intrinsic("llvm.round", new LLVMTypeRef[] {ir.vf32}, name, a);
                case SIN, COS, TAN, ASIN, ACOS, ATAN, EXP, LN -> math.call(op, name, a);
                case ATAN2 -> math.call(op, name, a, c);
                case NOT -> LLVMBuildSelect(ir.b, ir.fcmp(LLVMRealOEQ, a, ir.cf(0)), ir.cf(1), ir.cf(0), name);
                case ADD -> LLVMBuildFAdd(ir.b, a, c, name);
                case SUB -> LLVMBuildFSub(ir.b, a, c, name);
                case MUL -> LLVMBuildFMul(ir.b, a, c, name);
                case DIV -> LLVMBuildFDiv(ir.b, a, c, name);
                case MIN, MAX -> minMax(k, op == Opcode.MIN, a, c, name);
                case COMPARE -> LLVMBuildSelect(ir.b, ir.fcmp(LLVMRealOLT, a, c), ir.cf(-1),
                        ir.select(ir.fcmp(LLVMRealOGT, a, c), ir.cf(1),
                                ir.select(ir.fcmp(LLVMRealOEQ, a, c), ir.cf(0), ir.cf(Float.NaN))), name);
                case MOD -> {
                    // IEEE fmod is exact (LLVM lowers frem to fmodf); the addition rounds, as in F32Semantics.
                    LLVMValueRef r = LLVMBuildFRem(ir.b, a, c, "");
                    yield LLVMBuildSelect(ir.b, ir.fcmp(LLVMRealOLT, r, ir.cf(0)), ir.fadd(r, ir.fabs(c)), r, name);
                }
                case AND -> LLVMBuildSelect(ir.b, ir.fcmp(LLVMRealOEQ, a, ir.cf(0)), a, c, name);
                case OR -> LLVMBuildSelect(ir.b, ir.fcmp(LLVMRealUNE, a, ir.cf(0)), a, c, name);
            };
        }

        /*
         * Four lowerings, from cheapest to exact; each agrees with F32Semantics where it is used.
         *  - nanFree and zeroSignIgnored: minnum with nnan nsz, a single vminps/vmaxps;
         *  - zeroSignIgnored only: plain minnum (NaN handled; which zero it returns is free);
         *  - otherwise an explicit select chain that picks the other operand for a NaN and orders
         *    −0 below +0 (min ORs the equal operands' bits, max ANDs them).
         */
        private LLVMValueRef minMax(int k, boolean min, LLVMValueRef a, LLVMValueRef c, String name) {
            String intrinsic = min ? "llvm.minnum" : "llvm.maxnum";
            if (facts != null && facts.zeroSignIgnored(k)) {
                LLVMValueRef v = ir.call2(intrinsic, a, c, name);
                if (facts.nanFree(k)) LLVMSetFastMathFlags(v, LLVMFastMathNoNaNs | LLVMFastMathNoSignedZeros);
                return v;
            }
            LLVMValueRef pick = ir.select(ir.fcmp(min ? LLVMRealOLT : LLVMRealOGT, a, c), a, c);
            pick = ir.select(ir.fcmp(LLVMRealUNO, c, c), a, pick);
            LLVMValueRef ab = ir.bitcast(a, ir.vi32), cb = ir.bitcast(c, ir.vi32);
            LLVMValueRef tie = ir.bitcast(min ? ir.or(ab, cb) : ir.and(ab, cb), ir.vf32);
            return LLVMBuildSelect(ir.b, ir.fcmp(LLVMRealOEQ, a, c), tie, pick, name);
        }

        /** The vector of {@code operand}: an instruction's value or a splat constant. */
        LLVMValueRef operand(int operand) {
            if (!SsaTape.isConstant(operand)) return values[operand];
            int idx = SsaTape.constantIndex(operand);
            if (constants[idx] == null) constants[idx] = ir.cf(tape.constant(idx));
            return constants[idx];
        }

        private LLVMValueRef laneIds() {
            try (PointerPointer<LLVMValueRef> elems = new PointerPointer<>(ir.lanes)) {
                for (int l = 0; l < ir.lanes; l++) elems.put(l, LLVMConstInt(ir.i64, l, 0));
                return LLVMConstVector(elems, ir.lanes);
            }
        }

        LLVMValueRef gep(LLVMTypeRef elem, LLVMValueRef base, LLVMValueRef index, String name) {
            try (PointerPointer<LLVMValueRef> idx = new PointerPointer<>(1)) {
                idx.put(0, index);
                return LLVMBuildInBoundsGEP2(ir.b, elem, base, idx, 1, name);
            }
        }

        private void addIncoming(LLVMValueRef phi, LLVMValueRef value, LLVMBasicBlockRef from) {
            try (PointerPointer<LLVMValueRef> v = new PointerPointer<>(1);
                    PointerPointer<LLVMBasicBlockRef> bb = new PointerPointer<>(1)) {
                v.put(0, value);
                bb.put(0, from);
                LLVMAddIncoming(phi, v, bb, 1);
            }
        }

        org.bytedeco.llvm.LLVM.LLVMAttributeRef enumAttribute(String attr) {
            return LLVMCreateEnumAttribute(ir.ctx, LLVMGetEnumAttributeKindForName(attr, attr.length()), 0);
        }
    }
}
