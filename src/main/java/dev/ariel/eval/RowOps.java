package dev.ariel.eval;

import dev.ariel.expr.F32Math;
import dev.ariel.expr.F32Semantics;

/**
 * The interpreter's loops: one per opcode and operand form, each applying the matching
 * {@link F32Semantics} definition to the first {@code n} elements of its arrays. Shared by the row
 * and tile interpreters so that both compute the same bits; each loop is small enough for
 * HotSpot to inline and vectorize.
 */
final class RowOps {
    private RowOps() {}

    static void neg(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = -p;
        }
    }

    static void abs(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = Math.abs(p);
        }
    }

    static void recip(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = 1f / p;
        }
    }

    static void sqrt(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = (float) Math.sqrt(p);
        }
    }

    static void square(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = p * p;
        }
    }

    static void floor(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = (float) Math.floor(p);
        }
    }

    static void ceil(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = (float) Math.ceil(p);
        }
    }

    static void round(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = F32Semantics.round(p);
        }
    }

    static void sin(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = F32Math.sin(p);
        }
    }

    static void cos(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = F32Math.cos(p);
        }
    }

    static void tan(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = F32Math.tan(p);
        }
    }

    static void asin(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = F32Math.asin(p);
        }
    }

    static void acos(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = F32Math.acos(p);
        }
    }

    static void atan(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = F32Math.atan(p);
        }
    }

    static void exp(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = F32Math.exp(p);
        }
    }

    static void ln(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = F32Math.ln(p);
        }
    }

    static void not(float[] o, float[] a, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = p == 0f ? 1f : 0f;
        }
    }

    static void add(float[] o, float[] a, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j], q = b[j];
            o[j] = p + q;
        }
    }

    static void add(float[] o, float[] a, float q, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = p + q;
        }
    }

    static void add(float[] o, float p, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float q = b[j];
            o[j] = p + q;
        }
    }

    static void sub(float[] o, float[] a, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j], q = b[j];
            o[j] = p - q;
        }
    }

    static void sub(float[] o, float[] a, float q, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = p - q;
        }
    }

    static void sub(float[] o, float p, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float q = b[j];
            o[j] = p - q;
        }
    }

    static void mul(float[] o, float[] a, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j], q = b[j];
            o[j] = p * q;
        }
    }

    static void mul(float[] o, float[] a, float q, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = p * q;
        }
    }

    static void mul(float[] o, float p, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float q = b[j];
            o[j] = p * q;
        }
    }

    static void div(float[] o, float[] a, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j], q = b[j];
            o[j] = p / q;
        }
    }

    static void div(float[] o, float[] a, float q, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = p / q;
        }
    }

    static void div(float[] o, float p, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float q = b[j];
            o[j] = p / q;
        }
    }

    // Where no operand can be NaN, minNum/maxNum is exactly Math.min, which HotSpot vectorizes.
    static void minNoNaN(float[] o, float[] a, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            o[j] = Math.min(a[j], b[j]);
        }
    }

    static void minNoNaN(float[] o, float[] a, float q, int n) {
        for (int j = 0; j < n; j++) {
            o[j] = Math.min(a[j], q);
        }
    }

    static void min(float[] o, float[] a, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j], q = b[j];
            o[j] = p != p ? q : q != q ? p : Math.min(p, q);
        }
    }

    static void min(float[] o, float[] a, float q, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = p != p ? q : q != q ? p : Math.min(p, q);
        }
    }

    static void min(float[] o, float p, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float q = b[j];
            o[j] = p != p ? q : q != q ? p : Math.min(p, q);
        }
    }

    // Where no operand can be NaN, minNum/maxNum is exactly Math.max, which HotSpot vectorizes.
    static void maxNoNaN(float[] o, float[] a, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            o[j] = Math.max(a[j], b[j]);
        }
    }

    static void maxNoNaN(float[] o, float[] a, float q, int n) {
        for (int j = 0; j < n; j++) {
            o[j] = Math.max(a[j], q);
        }
    }

    static void max(float[] o, float[] a, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j], q = b[j];
            o[j] = p != p ? q : q != q ? p : Math.max(p, q);
        }
    }

    static void max(float[] o, float[] a, float q, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = p != p ? q : q != q ? p : Math.max(p, q);
        }
    }

    static void max(float[] o, float p, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float q = b[j];
            o[j] = p != p ? q : q != q ? p : Math.max(p, q);
        }
    }

    static void atan2(float[] o, float[] a, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j], q = b[j];
            o[j] = F32Math.atan2(p, q);
        }
    }

    static void atan2(float[] o, float[] a, float q, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = F32Math.atan2(p, q);
        }
    }

    static void atan2(float[] o, float p, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float q = b[j];
            o[j] = F32Math.atan2(p, q);
        }
    }

    static void compare(float[] o, float[] a, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j], q = b[j];
            o[j] = F32Semantics.compare(p, q);
        }
    }

    static void compare(float[] o, float[] a, float q, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = F32Semantics.compare(p, q);
        }
    }

    static void compare(float[] o, float p, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float q = b[j];
            o[j] = F32Semantics.compare(p, q);
        }
    }

    static void mod(float[] o, float[] a, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j], q = b[j];
            o[j] = F32Semantics.mod(p, q);
        }
    }

    static void mod(float[] o, float[] a, float q, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = F32Semantics.mod(p, q);
        }
    }

    static void mod(float[] o, float p, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float q = b[j];
            o[j] = F32Semantics.mod(p, q);
        }
    }

    static void and(float[] o, float[] a, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j], q = b[j];
            o[j] = p == 0f ? p : q;
        }
    }

    static void and(float[] o, float[] a, float q, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = p == 0f ? p : q;
        }
    }

    static void and(float[] o, float p, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float q = b[j];
            o[j] = p == 0f ? p : q;
        }
    }

    static void or(float[] o, float[] a, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j], q = b[j];
            o[j] = p != 0f ? p : q;
        }
    }

    static void or(float[] o, float[] a, float q, int n) {
        for (int j = 0; j < n; j++) {
            float p = a[j];
            o[j] = p != 0f ? p : q;
        }
    }

    static void or(float[] o, float p, float[] b, int n) {
        for (int j = 0; j < n; j++) {
            float q = b[j];
            o[j] = p != 0f ? p : q;
        }
    }
}
