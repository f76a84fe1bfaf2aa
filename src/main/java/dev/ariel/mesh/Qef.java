package dev.ariel.mesh;

/**
 * The quadratic error function of dual contouring: the point that minimises the summed squared
 * distances to the tangent planes (p_i, n_i), solved about the planes' mass point with a
 * truncated pseudo-inverse (eigenvalues below {@link #TRUNCATION} of the largest count as zero),
 * so flat or creased patches keep the vertex near the mass point along the free directions.
 */
final class Qef {
    /** Eigenvalues under this fraction of the largest are dropped. */
    static final double TRUNCATION = 0.1;

    private double a00, a01, a02, a11, a12, a22, b0, b1, b2, mx, my, mz;
    private int planes, points;
    private final double[] px = new double[12], py = new double[12], pz = new double[12];
    private final double[] nx = new double[12], ny = new double[12], nz = new double[12];

    void reset() {
        planes = 0;
        points = 0;
    }

    /** Adds a crossing at p with unit normal n (a zero normal adds only the point). */
    void add(double x, double y, double z, double gx, double gy, double gz) {
        px[points] = x;
        py[points] = y;
        pz[points] = z;
        nx[points] = gx;
        ny[points] = gy;
        nz[points] = gz;
        points++;
    }

    /** Solves, writing the minimiser into {@code out}. */
    void solve(double[] out) {
        mx = my = mz = 0;
        for (int i = 0; i < points; i++) {
            mx += px[i];
            my += py[i];
            mz += pz[i];
        }
        mx /= points;
        my /= points;
        mz /= points;
        a00 = a01 = a02 = a11 = a12 = a22 = b0 = b1 = b2 = 0;
        for (int i = 0; i < points; i++) {
            double gx = nx[i], gy = ny[i], gz = nz[i];
            if (gx == 0 && gy == 0 && gz == 0) continue;
            double d = gx * (px[i] - mx) + gy * (py[i] - my) + gz * (pz[i] - mz);
            a00 += gx * gx;
            a01 += gx * gy;
            a02 += gx * gz;
            a11 += gy * gy;
            a12 += gy * gz;
            a22 += gz * gz;
            b0 += gx * d;
            b1 += gy * d;
            b2 += gz * d;
        }
        double[][] m = {{a00, a01, a02}, {a01, a11, a12}, {a02, a12, a22}};
        double[][] v = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        jacobi(m, v);
        double max = Math.max(Math.abs(m[0][0]), Math.max(Math.abs(m[1][1]), Math.abs(m[2][2])));
        double[] x = new double[3];
        double[] b = {b0, b1, b2};
        for (int e = 0; e < 3; e++) {
            double lambda = m[e][e];
            if (max == 0 || Math.abs(lambda) < TRUNCATION * max) continue;
            double dot = v[0][e] * b[0] + v[1][e] * b[1] + v[2][e] * b[2];
            for (int r = 0; r < 3; r++) x[r] += v[r][e] * dot / lambda;
        }
        out[0] = mx + x[0];
        out[1] = my + x[1];
        out[2] = mz + x[2];
    }

    // Cyclic Jacobi rotations: m becomes diagonal (its eigenvalues), v's columns its eigenvectors.
    private static void jacobi(double[][] m, double[][] v) {
        for (int sweep = 0; sweep < 12; sweep++) {
            double off = m[0][1] * m[0][1] + m[0][2] * m[0][2] + m[1][2] * m[1][2];
            if (off < 1e-30) return;
            for (int p = 0; p < 2; p++) {
                for (int q = p + 1; q < 3; q++) {
                    if (Math.abs(m[p][q]) < 1e-300) continue;
                    double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    rotate(m, v, p, q, c, s);
                }
            }
        }
    }

    private static void rotate(double[][] m, double[][] v, int p, int q, double c, double s) {
        for (int k = 0; k < 3; k++) {
            double mkp = m[k][p], mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < 3; k++) {
            double mpk = m[p][k], mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
        }
        for (int k = 0; k < 3; k++) {
            double vkp = v[k][p], vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }
}
