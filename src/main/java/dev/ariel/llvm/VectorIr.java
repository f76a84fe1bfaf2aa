package dev.ariel.llvm;

import static org.bytedeco.llvm.global.LLVM.*;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.llvm.LLVM.LLVMBuilderRef;
import org.bytedeco.llvm.LLVM.LLVMContextRef;
import org.bytedeco.llvm.LLVM.LLVMModuleRef;
import org.bytedeco.llvm.LLVM.LLVMTypeRef;
import org.bytedeco.llvm.LLVM.LLVMValueRef;

/**
 * A small instruction builder over one module for fixed-width vectors of f32, f64, i32 and i64:
 * the vocabulary in which kernels and {@code F32Math}'s mirror are written. Every method emits
 * exactly one IR instruction (or a constant), so Java code that calls them reads in the same
 * order as the IR it produces. It adds no fast-math flags of its own.
 */
final class VectorIr implements AutoCloseable {
    final LLVMContextRef ctx;
    final LLVMModuleRef mod;
    final LLVMBuilderRef b;
    final int lanes;
    final LLVMTypeRef f32, f64, i1, i32, i64, ptr, vf32, vf64, vi1, vi32, vi64, vptr;
    private final Map<String, LLVMValueRef[]> intrinsics;

    VectorIr(IrModule module, int lanes) {
        this(module.context(), module.ref(), lanes, new HashMap<>());
    }

    private VectorIr(LLVMContextRef ctx, LLVMModuleRef mod, int lanes, Map<String, LLVMValueRef[]> intrinsics) {
        this.ctx = ctx;
        this.mod = mod;
        this.lanes = lanes;
        this.intrinsics = intrinsics;
        this.b = LLVMCreateBuilderInContext(ctx);
        f32 = LLVMFloatTypeInContext(ctx);
        f64 = LLVMDoubleTypeInContext(ctx);
        i1 = LLVMInt1TypeInContext(ctx);
        i32 = LLVMInt32TypeInContext(ctx);
        i64 = LLVMInt64TypeInContext(ctx);
        ptr = LLVMPointerTypeInContext(ctx, 0);
        vf32 = LLVMVectorType(f32, lanes);
        vf64 = LLVMVectorType(f64, lanes);
        vi1 = LLVMVectorType(i1, lanes);
        vi32 = LLVMVectorType(i32, lanes);
        vi64 = LLVMVectorType(i64, lanes);
        vptr = LLVMVectorType(ptr, lanes);
    }

    /** A second builder over the same module, for emitting another function while this one is mid-block. */
    VectorIr fork() {
        return new VectorIr(ctx, mod, lanes, intrinsics);
    }

    @Override
    public void close() {
        LLVMDisposeBuilder(b);
    }

    // ---- constants: splats of one scalar ----

    LLVMValueRef cf(double v) {
        return splat(LLVMConstReal(f32, v));
    }

    LLVMValueRef cd(double v) {
        return splat(LLVMConstReal(f64, v));
    }

    LLVMValueRef ci(int v) {
        return splat(LLVMConstInt(i32, v & 0xFFFF_FFFFL, 0));
    }

    LLVMValueRef cl(long v) {
        return splat(LLVMConstInt(i64, v, 0));
    }

    LLVMValueRef splat(LLVMValueRef scalar) {
        try (PointerPointer<LLVMValueRef> elems = new PointerPointer<>(lanes)) {
            for (int i = 0; i < lanes; i++) elems.put(i, scalar);
            return LLVMConstVector(elems, lanes);
        }
    }

    /** A run-time scalar broadcast to every lane. */
    LLVMValueRef broadcast(LLVMValueRef scalar, LLVMTypeRef vectorType, String name) {
        LLVMValueRef one = LLVMBuildInsertElement(b, LLVMGetPoison(vectorType), scalar, LLVMConstInt(i32, 0, 0), "");
        return LLVMBuildShuffleVector(b, one, LLVMGetPoison(vectorType), LLVMConstNull(vi32), name);
    }

    // ---- floating point ----

    LLVMValueRef fadd(LLVMValueRef a, LLVMValueRef c) {
        return LLVMBuildFAdd(b, a, c, "");
    }

    LLVMValueRef fsub(LLVMValueRef a, LLVMValueRef c) {
        return LLVMBuildFSub(b, a, c, "");
    }

    LLVMValueRef fmul(LLVMValueRef a, LLVMValueRef c) {
        return LLVMBuildFMul(b, a, c, "");
    }

    LLVMValueRef fdiv(LLVMValueRef a, LLVMValueRef c) {
        return LLVMBuildFDiv(b, a, c, "");
    }

    LLVMValueRef fneg(LLVMValueRef a) {
        return LLVMBuildFNeg(b, a, "");
    }

    LLVMValueRef fcmp(int predicate, LLVMValueRef a, LLVMValueRef c) {
        return LLVMBuildFCmp(b, predicate, a, c, "");
    }

    LLVMValueRef select(LLVMValueRef cond, LLVMValueRef a, LLVMValueRef c) {
        return LLVMBuildSelect(b, cond, a, c, "");
    }

    LLVMValueRef fpext(LLVMValueRef a) {
        return LLVMBuildFPExt(b, a, vf64, "");
    }

    LLVMValueRef fptrunc(LLVMValueRef a) {
        return LLVMBuildFPTrunc(b, a, vf32, "");
    }

    LLVMValueRef sitofp(LLVMValueRef a) {
        return LLVMBuildSIToFP(b, a, vf64, "");
    }

    LLVMValueRef fptosi32(LLVMValueRef a) {
        return LLVMBuildFPToSI(b, a, vi32, "");
    }

    LLVMValueRef fabs(LLVMValueRef a) {
        return call1("llvm.fabs", a);
    }

    LLVMValueRef sqrt(LLVMValueRef a) {
        return call1("llvm.sqrt", a);
    }

    LLVMValueRef roundeven(LLVMValueRef a) {
        return call1("llvm.roundeven", a);
    }

    /** Calls an intrinsic overloaded on its first operand's type, such as {@code llvm.sqrt}. */
    LLVMValueRef call1(String intrinsic, LLVMValueRef a) {
        return intrinsic(intrinsic, new LLVMTypeRef[] {LLVMTypeOf(a)}, "", a);
    }

    /** Calls a two-operand intrinsic overloaded on its operands' type, such as {@code llvm.minnum}. */
    LLVMValueRef call2(String intrinsic, LLVMValueRef a, LLVMValueRef c, String name) {
        return intrinsic(intrinsic, new LLVMTypeRef[] {LLVMTypeOf(a)}, name, a, c);
    }

    // ---- integers (all wrapping: no nsw/nuw, as docs/f32math.md requires) ----

    LLVMValueRef add(LLVMValueRef a, LLVMValueRef c) {
        return LLVMBuildAdd(b, a, c, "");
    }

    LLVMValueRef sub(LLVMValueRef a, LLVMValueRef c) {
        return LLVMBuildSub(b, a, c, "");
    }

    LLVMValueRef mul(LLVMValueRef a, LLVMValueRef c) {
        return LLVMBuildMul(b, a, c, "");
    }

    LLVMValueRef and(LLVMValueRef a, LLVMValueRef c) {
        return LLVMBuildAnd(b, a, c, "");
    }

    LLVMValueRef or(LLVMValueRef a, LLVMValueRef c) {
        return LLVMBuildOr(b, a, c, "");
    }

    LLVMValueRef xor(LLVMValueRef a, LLVMValueRef c) {
        return LLVMBuildXor(b, a, c, "");
    }

    LLVMValueRef shl(LLVMValueRef a, LLVMValueRef c) {
        return LLVMBuildShl(b, a, c, "");
    }

    LLVMValueRef lshr(LLVMValueRef a, LLVMValueRef c) {
        return LLVMBuildLShr(b, a, c, "");
    }

    LLVMValueRef ashr(LLVMValueRef a, LLVMValueRef c) {
        return LLVMBuildAShr(b, a, c, "");
    }

    LLVMValueRef icmp(int predicate, LLVMValueRef a, LLVMValueRef c) {
        return LLVMBuildICmp(b, predicate, a, c, "");
    }

    LLVMValueRef zext64(LLVMValueRef a) {
        return LLVMBuildZExt(b, a, vi64, "");
    }

    LLVMValueRef sext64(LLVMValueRef a) {
        return LLVMBuildSExt(b, a, vi64, "");
    }

    LLVMValueRef trunc32(LLVMValueRef a) {
        return LLVMBuildTrunc(b, a, vi32, "");
    }

    LLVMValueRef bitcast(LLVMValueRef a, LLVMTypeRef to) {
        return LLVMBuildBitCast(b, a, to, "");
    }

    // ---- tables ----

    /** A private constant array global holding {@code values} (as f64). */
    LLVMValueRef table(String name, double[] values) {
        LLVMValueRef[] elems = new LLVMValueRef[values.length];
        for (int i = 0; i < values.length; i++) elems[i] = LLVMConstReal(f64, values[i]);
        return constantArray(name, f64, elems);
    }

    /** A private constant array global holding {@code values} (as i32). */
    LLVMValueRef table(String name, int[] values) {
        LLVMValueRef[] elems = new LLVMValueRef[values.length];
        for (int i = 0; i < values.length; i++) elems[i] = LLVMConstInt(i32, values[i] & 0xFFFF_FFFFL, 0);
        return constantArray(name, i32, elems);
    }

    private LLVMValueRef constantArray(String name, LLVMTypeRef elem, LLVMValueRef[] elems) {
        LLVMValueRef g = LLVMGetNamedGlobal(mod, name);
        if (g != null && !g.isNull()) return g;
        try (PointerPointer<LLVMValueRef> pp = new PointerPointer<>(elems.length)) {
            for (int i = 0; i < elems.length; i++) pp.put(i, elems[i]);
            LLVMValueRef init = LLVMConstArray2(elem, pp, elems.length);
            g = LLVMAddGlobal(mod, LLVMTypeOf(init), name);
            LLVMSetInitializer(g, init);
        }
        LLVMSetGlobalConstant(g, 1);
        LLVMSetLinkage(g, LLVMPrivateLinkage);
        LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
        return g;
    }

    /**
     * Loads {@code table[index]} in every lane. The index must be in range in every lane, which
     * F32Math's indices are for every input bit pattern, so no mask is needed.
     */
    LLVMValueRef gather(LLVMValueRef table, LLVMTypeRef elem, LLVMValueRef index64) {
        LLVMValueRef addresses;
        try (PointerPointer<LLVMValueRef> idx = new PointerPointer<>(1)) {
            idx.put(0, index64);
            addresses = LLVMBuildGEP2(b, elem, table, idx, 1, "");
        }
        LLVMTypeRef vt = LLVMVectorType(elem, lanes);
        LLVMValueRef allLanes = splat(LLVMConstInt(i1, 1, 0));
        return intrinsic("llvm.masked.gather", new LLVMTypeRef[] {vt, vptr}, "",
                addresses, LLVMConstInt(i32, LLVMABIAlignmentOfType(dataLayout(), elem), 0), allLanes, LLVMGetPoison(vt));
    }

    private org.bytedeco.llvm.LLVM.LLVMTargetDataRef dataLayout() {
        return LLVMGetModuleDataLayout(mod); // owned by the module
    }

    // ---- intrinsics ----

    LLVMValueRef intrinsic(String name, LLVMTypeRef[] overloads, String valueName, LLVMValueRef... args) {
        StringBuilder key = new StringBuilder(name);
        for (LLVMTypeRef t : overloads) key.append('/').append(t.address());
        LLVMValueRef[] decl = intrinsics.computeIfAbsent(key.toString(), k -> declare(name, overloads));
        try (PointerPointer<LLVMValueRef> argv = new PointerPointer<>(args.length)) {
            for (int i = 0; i < args.length; i++) argv.put(i, args[i]);
            return LLVMBuildCall2(b, LLVMGlobalGetValueType(decl[0]), decl[0], argv, args.length, valueName);
        }
    }

    private LLVMValueRef[] declare(String name, LLVMTypeRef[] overloads) {
        int id = LLVMLookupIntrinsicID(name, name.length());
        if (id == 0) throw new LlvmException("this LLVM has no intrinsic " + name);
        try (PointerPointer<LLVMTypeRef> types = new PointerPointer<>(overloads.length)) {
            for (int i = 0; i < overloads.length; i++) types.put(i, overloads[i]);
            return new LLVMValueRef[] {LLVMGetIntrinsicDeclaration(mod, id, types, overloads.length)};
        }
    }
}
