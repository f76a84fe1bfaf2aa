package dev.ariel.llvm;

import static org.bytedeco.llvm.global.LLVM.*;

import dev.ariel.expr.F32Math;
import dev.ariel.expr.Opcode;
import java.util.EnumMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.llvm.LLVM.LLVMTypeRef;
import org.bytedeco.llvm.LLVM.LLVMValueRef;

/**
 * The vector mirror of {@link F32Math}: each transcendental opcode becomes an internal function
 * of the module ({@code @ariel.sin} and so on), defined on first use, that repeats F32Math's
 * algorithm operation by operation. Same constants, same tables, same evaluation order, no
 * fast-math flags, no FMA, wrapping integer ops: the rules of {@code docs/f32math.md}. So the JIT
 * and the interpreter give bit-identical results. A change to F32Math must change this in the
 * same commit; the engine conformance suite fails otherwise.
 */
final class F32MathIr {
    // The constants below are F32Math's, written with the same exact expressions.
    private static final double PI = 0x1.921fb54442d18p1;
    private static final double PIO2 = 0x1.921fb54442d18p0;
    private static final double PIO4 = 0x1.921fb54442d18p-1;
    private static final double PIO2_2M62 = 0x1.921fb54442d18p-62;
    private static final double[] SIN_POLY = {-1.0 / 6.0, 1.0 / 120.0, -1.0 / 5040.0, 1.0 / 362880.0,
        -1.0 / 39916800.0, 1.0 / 6227020800.0, -1.0 / 1307674368000.0, 1.0 / 355687428096000.0};
    private static final double[] COS_POLY = {-1.0 / 2.0, 1.0 / 24.0, -1.0 / 720.0, 1.0 / 40320.0,
        -1.0 / 3628800.0, 1.0 / 479001600.0, -1.0 / 87178291200.0, 1.0 / 20922789888000.0};
    private static final double INV_L = 0x1.71547652b82fep7;
    private static final double L_HI = 0x1.62e42fefa0000p-8;
    private static final double L_LO = 0x1.cf79abc9e3b3ap-47;
    private static final double[] EXP_POLY = {1.0 / 2.0, 1.0 / 6.0, 1.0 / 24.0, 1.0 / 120.0};
    private static final double LN2_HI = 0x1.62e42fefa3a00p-1;
    private static final double LN2_LO = -0x1.0ca86c3898d00p-49;
    private static final double[] LOG_POLY = {-1.0 / 2.0, 1.0 / 3.0, -1.0 / 4.0, 1.0 / 5.0, -1.0 / 6.0, 1.0 / 7.0, -1.0 / 8.0};
    private static final double[] ATAN_POLY = {-1.0 / 3.0, 1.0 / 5.0, -1.0 / 7.0, 1.0 / 9.0, -1.0 / 11.0};
    private static final long M32 = 0xFFFF_FFFFL;

    private final VectorIr caller;
    private final Map<Opcode, LLVMValueRef> functions = new EnumMap<>(Opcode.class);
    private VectorIr ir; // the builder of the function being defined

    F32MathIr(VectorIr caller) {
        this.caller = caller;
    }

    /** Calls the mirror of {@code op} on {@code args} from the caller's current position. */
    LLVMValueRef call(Opcode op, String name, LLVMValueRef... args) {
        LLVMValueRef fn = functions.computeIfAbsent(op, this::define);
        try (PointerPointer<LLVMValueRef> argv = new PointerPointer<>(args.length)) {
            for (int i = 0; i < args.length; i++) argv.put(i, args[i]);
            return LLVMBuildCall2(caller.b, LLVMGlobalGetValueType(fn), fn, argv, args.length, name);
        }
    }

    private LLVMValueRef define(Opcode op) {
        int arity = op.arity();
        LLVMTypeRef type;
        try (PointerPointer<LLVMTypeRef> params = new PointerPointer<>(arity)) {
            for (int i = 0; i < arity; i++) params.put(i, caller.vf32);
            type = LLVMFunctionType(caller.vf32, params, arity, 0);
        }
        LLVMValueRef fn = LLVMAddFunction(caller.mod, "ariel." + op.text(), type);
        LLVMSetLinkage(fn, LLVMInternalLinkage);
        LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                LLVMCreateEnumAttribute(caller.ctx, LLVMGetEnumAttributeKindForName("nounwind", 8), 0));
        // Inlined, each call site's copy (about 70 instructions a 16-lane exp, 230 a sin) is compiled
        // again: bear.vm's whole tape took ~830 ms at O1 so, ~220 ms called (measured), and ran no faster.
        LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                LLVMCreateEnumAttribute(caller.ctx, LLVMGetEnumAttributeKindForName("noinline", 8), 0));
        try (VectorIr f = caller.fork()) {
            ir = f;
            LLVMPositionBuilderAtEnd(f.b, LLVMAppendBasicBlockInContext(f.ctx, fn, "entry"));
            LLVMValueRef x = LLVMGetParam(fn, 0);
            LLVMValueRef result = switch (op) {
                case SIN -> trig(x, 0);
                case COS -> trig(x, 1);
                case TAN -> trig(x, 2);
                case EXP -> exp(x);
                case LN -> ln(x);
                case ATAN -> atan(x);
                case ASIN -> asin(x);
                case ACOS -> acos(x);
                case ATAN2 -> atan2(x, LLVMGetParam(fn, 1));
                default -> throw new IllegalArgumentException(op + " is not in F32Math");
            };
            LLVMBuildRet(f.b, result);
        } finally {
            ir = null;
        }
        return fn;
    }

    // Horner's rule exactly as F32Math writes it: c0 + z * (c1 + z * (... + z * cn)).
    private LLVMValueRef horner(LLVMValueRef z, double[] c) {
        LLVMValueRef acc = ir.cd(c[c.length - 1]);
        for (int i = c.length - 2; i >= 0; i--) {
            acc = ir.fadd(ir.cd(c[i]), ir.fmul(z, acc));
        }
        return acc;
    }

    private LLVMValueRef nan32() {
        return ir.cf(Float.NaN);
    }

    // ---- sin / cos / tan: F32Math.trig ----

    private LLVMValueRef trig(LLVMValueRef x, int fn) {
        VectorIr v = ir;
        LLVMValueRef ix = v.bitcast(x, v.vi32);
        LLVMValueRef ia = v.and(ix, v.ci(0x7fff_ffff));
        LLVMValueRef neg = v.icmp(LLVMIntSLT, ix, v.ci(0));

        LLVMValueRef e = v.lshr(ia, v.ci(23));
        LLVMValueRef m = v.zext64(v.or(v.and(ia, v.ci(0x7f_ffff)), v.ci(0x80_0000)));
        LLVMValueRef ti = v.shl(v.select(v.icmp(LLVMIntSLT, e, v.ci(126)), v.ci(0), v.sub(e, v.ci(126))), v.ci(2));
        LLVMValueRef ti64 = v.zext64(ti);
        LLVMValueRef table = v.table("ariel.ph", F32Math.reductionTable());
        LLVMValueRef w3 = v.zext64(v.gather(table, v.i32, ti64));
        LLVMValueRef w2 = v.zext64(v.gather(table, v.i32, v.add(ti64, ir.cl(1))));
        LLVMValueRef w1 = v.zext64(v.gather(table, v.i32, v.add(ti64, ir.cl(2))));
        LLVMValueRef w0 = v.zext64(v.gather(table, v.i32, v.add(ti64, ir.cl(3))));
        LLVMValueRef c32 = ir.cl(32);
        LLVMValueRef p0 = v.mul(m, w0);
        LLVMValueRef p1 = v.add(v.mul(m, w1), v.lshr(p0, c32));
        LLVMValueRef p2 = v.add(v.mul(m, w2), v.lshr(p1, c32));
        LLVMValueRef p3 = v.add(v.mul(m, w3), v.lshr(p2, c32));
        LLVMValueRef hi = v.or(v.shl(p3, c32), v.and(p2, ir.cl(M32)));
        LLVMValueRef lo = v.or(v.shl(p1, c32), v.and(p0, ir.cl(M32)));
        LLVMValueRef q = v.lshr(v.add(hi, ir.cl(1L << 61)), ir.cl(62));
        LLVMValueRef f = v.sub(hi, v.shl(q, ir.cl(62)));
        LLVMValueRef d = v.fadd(v.sitofp(f), v.fmul(v.sitofp(v.lshr(lo, ir.cl(11))), v.cd(0x1p-53)));
        LLVMValueRef rph = v.fmul(d, v.cd(PIO2_2M62));

        LLVMValueRef small = v.icmp(LLVMIntSLT, ia, v.ci(0x3f49_0fdb));
        LLVMValueRef r = v.select(small, v.fabs(v.fpext(x)), rph);
        LLVMValueRef quad = v.select(small, v.ci(0), v.trunc32(q));

        LLVMValueRef z = v.fmul(r, r);
        LLVMValueRef s = v.fadd(r, v.fmul(r, v.fmul(z, horner(z, SIN_POLY))));
        LLVMValueRef c = v.fadd(v.cd(1.0), v.fmul(z, horner(z, COS_POLY)));

        LLVMValueRef odd = v.icmp(LLVMIntNE, v.and(quad, v.ci(1)), v.ci(0));
        LLVMValueRef res;
        if (fn == 0) {
            LLVMValueRef val = v.select(odd, c, s);
            LLVMValueRef flip = v.xor(v.icmp(LLVMIntNE, v.and(quad, v.ci(2)), v.ci(0)), neg);
            res = v.select(flip, v.fneg(val), val);
        } else if (fn == 1) {
            LLVMValueRef val = v.select(odd, s, c);
            LLVMValueRef flip = v.icmp(LLVMIntNE, v.and(v.add(quad, v.ci(1)), v.ci(2)), v.ci(0));
            res = v.select(flip, v.fneg(val), val);
        } else {
            LLVMValueRef num = v.select(odd, v.fneg(c), s);
            LLVMValueRef den = v.select(odd, s, c);
            LLVMValueRef val = v.fdiv(num, den);
            res = v.select(neg, v.fneg(val), val);
        }
        LLVMValueRef out = v.fptrunc(res);
        return v.select(v.icmp(LLVMIntSGE, ia, v.ci(0x7f80_0000)), nan32(), out);
    }

    // ---- exp ----

    private LLVMValueRef exp(LLVMValueRef x) {
        VectorIr v = ir;
        LLVMValueRef xd = v.fpext(x);
        LLVMValueRef xc = v.select(v.fcmp(LLVMRealOGT, xd, v.cd(100.0)), v.cd(100.0), xd);
        xc = v.select(v.fcmp(LLVMRealOLT, xc, v.cd(-110.0)), v.cd(-110.0), xc);
        LLVMValueRef isNaN = v.fcmp(LLVMRealUNO, x, x);
        xc = v.select(isNaN, v.cd(0.0), xc);
        LLVMValueRef kd = v.roundeven(v.fmul(xc, v.cd(INV_L)));
        LLVMValueRef k = v.fptosi32(kd);    // |kd| <= 20313: xc is clamped and never NaN
        LLVMValueRef r = v.fsub(v.fsub(xc, v.fmul(kd, v.cd(L_HI))), v.fmul(kd, v.cd(L_LO)));
        LLVMValueRef p = v.fadd(r, v.fmul(v.fmul(r, r), horner(r, EXP_POLY)));
        LLVMValueRef t = v.gather(v.table("ariel.exp2", F32Math.exp2Table()), v.f64, v.zext64(v.and(k, v.ci(127))));
        LLVMValueRef scale = v.bitcast(v.shl(v.sext64(v.add(v.ashr(k, v.ci(7)), v.ci(1023))), ir.cl(52)), v.vf64);
        LLVMValueRef res = v.fmul(v.fadd(t, v.fmul(t, p)), scale);
        return v.select(isNaN, nan32(), v.fptrunc(res));
    }

    // ---- ln ----

    private LLVMValueRef ln(LLVMValueRef x) {
        VectorIr v = ir;
        LLVMValueRef ix = v.bitcast(x, v.vi32);
        LLVMValueRef sub = v.icmp(LLVMIntSLT, ix, v.ci(0x0080_0000));
        LLVMValueRef xn = v.select(sub, v.fmul(x, v.cf(0x1p23f)), x);
        LLVMValueRef in = v.bitcast(xn, v.vi32);
        LLVMValueRef tmp = v.sub(in, v.ci(0x3f33_0000));
        LLVMValueRef i = v.and(v.lshr(tmp, v.ci(16)), v.ci(127));
        LLVMValueRef k = v.add(v.ashr(tmp, v.ci(23)), v.select(sub, v.ci(-23), v.ci(0)));
        LLVMValueRef z = v.bitcast(v.sub(in, v.and(tmp, v.ci(0xff80_0000))), v.vf32);
        LLVMValueRef i64 = v.zext64(i);
        LLVMValueRef inv = v.gather(v.table("ariel.log.inv", F32Math.logInverseTable()), v.f64, i64);
        LLVMValueRef t = v.fsub(v.fmul(v.fpext(z), inv), v.cd(1.0));
        LLVMValueRef kd = v.sitofp(k);
        LLVMValueRef logL = v.gather(v.table("ariel.log.l", F32Math.logTable()), v.f64, i64);
        LLVMValueRef hi = v.fadd(v.fmul(kd, v.cd(LN2_HI)), logL);
        LLVMValueRef p = v.fadd(t, v.fmul(v.fmul(t, t), horner(t, LOG_POLY)));
        LLVMValueRef res = v.fadd(hi, v.fadd(p, v.fmul(kd, v.cd(LN2_LO))));
        LLVMValueRef f = v.fptrunc(res);
        f = v.select(v.icmp(LLVMIntEQ, ix, v.ci(0x7f80_0000)), v.cf(Float.POSITIVE_INFINITY), f);
        f = v.select(v.or(v.icmp(LLVMIntSLT, ix, v.ci(0)), v.fcmp(LLVMRealUNO, x, x)), nan32(), f);
        return v.select(v.fcmp(LLVMRealOEQ, x, v.cf(0.0)), v.cf(Float.NEGATIVE_INFINITY), f);
    }

    // ---- the arctangent family ----

    private LLVMValueRef atanKernel(LLVMValueRef ny, LLVMValueRef dx) {
        VectorIr v = ir;
        LLVMValueRef z = v.fdiv(ny, dx);
        LLVMValueRef jl = v.sub(v.lshr(v.bitcast(z, v.vi64), ir.cl(49)), ir.cl(8143));
        LLVMValueRef j = v.select(v.icmp(LLVMIntSLT, jl, ir.cl(0)), ir.cl(0),
                v.select(v.icmp(LLVMIntSGT, jl, ir.cl(256)), ir.cl(256), jl));
        LLVMValueRef c = v.gather(v.table("ariel.atan.c", F32Math.atanBreakpoints()), v.f64, j);
        LLVMValueRef t = v.fdiv(v.fsub(ny, v.fmul(c, dx)), v.fadd(dx, v.fmul(c, ny)));
        LLVMValueRef t2 = v.fmul(t, t);
        LLVMValueRef p = v.fadd(t, v.fmul(t, v.fmul(t2, horner(t2, ATAN_POLY))));
        return v.fadd(v.gather(v.table("ariel.atan.a", F32Math.atanTable()), v.f64, j), p);
    }

    private LLVMValueRef withSignOf(LLVMValueRef value, LLVMValueRef signBits) {
        VectorIr v = ir;
        return v.bitcast(v.or(v.bitcast(value, v.vi32), v.and(signBits, v.ci(0x8000_0000))), v.vf32);
    }

    private LLVMValueRef atan(LLVMValueRef x) {
        VectorIr v = ir;
        LLVMValueRef ix = v.bitcast(x, v.vi32);
        LLVMValueRef ay = v.fabs(v.fpext(x));
        ay = v.select(v.fcmp(LLVMRealOGT, ay, v.cd(0x1p40)), v.cd(0x1p40), ay);
        LLVMValueRef f = withSignOf(v.fptrunc(atanKernel(ay, v.cd(1.0))), ix);
        return v.select(v.fcmp(LLVMRealUNO, x, x), nan32(), f);
    }

    private LLVMValueRef atan2(LLVMValueRef y, LLVMValueRef x) {
        VectorIr v = ir;
        LLVMValueRef iy = v.bitcast(y, v.vi32), ix = v.bitcast(x, v.vi32);
        LLVMValueRef ay = v.fabs(v.fpext(y)), ax = v.fabs(v.fpext(x));
        LLVMValueRef inf = v.cd(Double.POSITIVE_INFINITY);
        LLVMValueRef yinf = v.fcmp(LLVMRealOEQ, ay, inf), xinf = v.fcmp(LLVMRealOEQ, ax, inf);
        LLVMValueRef yzero = v.fcmp(LLVMRealOEQ, ay, v.cd(0.0));
        LLVMValueRef ny = v.select(v.or(yinf, yzero), v.cd(1.0), ay);
        LLVMValueRef dx = v.select(xinf, v.cd(1.0), ax);
        LLVMValueRef a = atanKernel(ny, dx);
        a = v.select(yzero, v.cd(0.0), a);
        a = v.select(xinf, v.select(yinf, v.cd(PIO4), v.cd(0.0)), v.select(yinf, v.cd(PIO2), a));
        LLVMValueRef r = v.select(v.icmp(LLVMIntSLT, ix, v.ci(0)), v.fsub(v.cd(PI), a), a);
        LLVMValueRef f = withSignOf(v.fptrunc(r), iy);
        return v.select(v.or(v.fcmp(LLVMRealUNO, x, x), v.fcmp(LLVMRealUNO, y, y)), nan32(), f);
    }

    private LLVMValueRef asinWidth(LLVMValueRef ax) {
        VectorIr v = ir;
        return v.sqrt(v.fmul(v.fsub(v.cd(1.0), ax), v.fadd(v.cd(1.0), ax)));
    }

    private LLVMValueRef asin(LLVMValueRef x) {
        VectorIr v = ir;
        LLVMValueRef ix = v.bitcast(x, v.vi32);
        LLVMValueRef ax = v.fabs(v.fpext(x));
        LLVMValueRef w = asinWidth(ax);
        LLVMValueRef f = withSignOf(v.fptrunc(atanKernel(ax, w)), ix);
        return v.select(v.fcmp(LLVMRealUGT, ax, v.cd(1.0)), nan32(), f);
    }

    private LLVMValueRef acos(LLVMValueRef x) {
        VectorIr v = ir;
        LLVMValueRef ix = v.bitcast(x, v.vi32);
        LLVMValueRef ax = v.fabs(v.fpext(x));
        LLVMValueRef w = asinWidth(ax);
        LLVMValueRef a = atanKernel(w, ax);
        LLVMValueRef r = v.select(v.icmp(LLVMIntSLT, ix, v.ci(0)), v.fsub(v.cd(PI), a), a);
        return v.select(v.fcmp(LLVMRealUGT, ax, v.cd(1.0)), nan32(), v.fptrunc(r));
    }
}
