package dev.ariel.tape;

/**
 * The two 128-bit hashes of a tape, which key different caches and must not be confused.
 *
 * <p>{@link SsaTape#codeKey()} hashes an immutable tape's whole encoding, constant pool included,
 * as 32 hex digits: the JIT's caches, in memory and on disk, key compiled code on it, so it must
 * stay stable across processes. {@link PrunedTape#tierKey(long[])} hashes a pruned tape in place,
 * reading only the constants it uses, without building an {@link SsaTape}: the compiled tier keys
 * its memo of pruned tapes (and the {@link SsaTape} made from each) on it, once per tile. Both mix
 * with two multiply-rotate lanes, as in MurmurHash3's 128-bit variant, each step depending on order.
 */
final class TapeKeys {
    private TapeKeys() {}

    /** The code key of a tape's parts, as {@link SsaTape#codeKey()} documents. */
    static String codeKey(byte[] ops, int[] lhs, int[] rhs, float[] constants32, int output) {
        long[] acc = {0x9E3779B97F4A7C15L ^ ops.length, 0xC2B2AE3D27D4EB4FL ^ constants32.length};
        mix(acc, output);
        for (int i = 0; i < ops.length; i++) {
            mix(acc, ops[i]);
            mix(acc, lhs[i]);
            mix(acc, rhs[i]);
        }
        for (float c : constants32) mix(acc, Float.floatToRawIntBits(c));
        return String.format("%016x%016x", fmix(acc[0] ^ acc[1]), fmix(acc[1] + fmix(acc[0])));
    }

    private static void mix(long[] acc, int v) {
        long k = (v & 0xFFFF_FFFFL) * 0x87C37B91114253D5L;
        acc[0] = Long.rotateLeft(acc[0] ^ Long.rotateLeft(k, 31) * 0x4CF5AD432745937FL, 27) * 5 + 0x52DCE729;
        acc[1] = Long.rotateLeft(acc[1] ^ acc[0] ^ k, 33) * 0xFF51AFD7ED558CCDL + 0x38495AB5;
    }

    /** The tier key of a pruned tape's first {@code n} instructions, written to {@code out[0..1]}. */
    static void tierKey(byte[] ops, byte[] arity, int[] lhs, int[] rhs, float[] constants, int n, int output,
            long[] out) {
        long h1 = 0x9E3779B97F4A7C15L ^ n;
        long h2 = 0xC2B2AE3D27D4EB4FL;
        for (int i = 0; i < n; i++) {
            int a = arity[ops[i]];
            long k = ops[i] | (long) operandKey(a >= 1 ? lhs[i] : 0, constants) << 8;
            long k2 = operandKey(a == 2 ? rhs[i] : 0, constants);
            h1 = Long.rotateLeft(h1 ^ k * 0x87C37B91114253D5L, 31) * 0x4CF5AD432745937FL + 0x52DCE729;
            h2 = Long.rotateLeft(h2 ^ k2 * 0xFF51AFD7ED558CCDL ^ h1, 33) * 0xC4CEB9FE1A85EC53L + 0x38495AB5;
        }
        h1 ^= operandKey(output, constants);
        out[0] = fmix(h1 ^ h2);
        out[1] = fmix(h2 + fmix(h1));
    }

    // Instructions by index; constants by their bits, tagged, so that tapes from different pools compare.
    private static long operandKey(int operand, float[] constants) {
        return operand >= 0 ? operand : 0x1_0000_0000L | (Float.floatToRawIntBits(constants[~operand]) & 0xFFFF_FFFFL);
    }

    // MurmurHash3's 64-bit finaliser.
    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        return k ^ (k >>> 33);
    }
}
