package dev.ariel.expr;

import java.math.BigInteger;

/**
 * The constant tables of {@link F32Math}'s functions, apart from the code that reads them: the
 * JIT embeds exactly these values (through {@link F32Math}'s copies), so they are part of the f32
 * semantics and change only with it.
 */
final class F32MathTables {
    private F32MathTables() {}

    /** floor(2/pi * 2^256): the first 256 bits of 2/pi, most significant word first. */
    static final int[] TWO_OVER_PI_BITS = {
        0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041, 0xfe5163ab, 0xdebbc561,
    };

    /**
     * Payne-Hanek reduction table, 4 unsigned 32-bit limbs (most significant first) per biased float exponent
     * E in [126, 255] at index 4*(E-126). With s = E - 150 (so |x| = m * 2^s for the 24-bit integer significand
     * m), the 128-bit value of the limbs is W(E) = floor(2/pi * 2^(s+126)) mod 2^128, i.e. (2/pi * 2^s) mod 4 as
     * a fixed-point number with 2 integer and 126 fraction bits. Then (m * W(E)) mod 2^128 is |x| * 2/pi mod 4
     * in the same format, with an absolute error below m * 2^-126 < 2^-102.
     */
    static final int[] PH_TABLE = buildPayneHanekTable();

    private static int[] buildPayneHanekTable() {
        BigInteger g = BigInteger.ZERO;
        for (int w : TWO_OVER_PI_BITS) {
            g = g.shiftLeft(32).or(BigInteger.valueOf(w & 0xFFFF_FFFFL));
        }
        BigInteger mask = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        int[] t = new int[4 * 130];
        for (int e = 126; e <= 255; e++) {
            int n = e - 24; // s + 126: number of bits of 2/pi after the binary point that are kept
            BigInteger w = g.shiftRight(256 - n).and(mask);
            for (int limb = 0; limb < 4; limb++) {
                t[4 * (e - 126) + limb] = w.shiftRight(32 * (3 - limb)).intValue();
            }
        }
        return t;
    }

    /** 2^(j/128), j = 0..127, correctly rounded. */
    static final double[] EXP2_TBL = {
        0x1.0000000000000p0, 0x1.0163da9fb3335p0, 0x1.02c9a3e778061p0,
        0x1.04315e86e7f85p0, 0x1.059b0d3158574p0, 0x1.0706b29ddf6dep0,
        0x1.0874518759bc8p0, 0x1.09e3ecac6f383p0, 0x1.0b5586cf9890fp0,
        0x1.0cc922b7247f7p0, 0x1.0e3ec32d3d1a2p0, 0x1.0fb66affed31bp0,
        0x1.11301d0125b51p0, 0x1.12abdc06c31ccp0, 0x1.1429aaea92de0p0,
        0x1.15a98c8a58e51p0, 0x1.172b83c7d517bp0, 0x1.18af9388c8deap0,
        0x1.1a35beb6fcb75p0, 0x1.1bbe084045cd4p0, 0x1.1d4873168b9aap0,
        0x1.1ed5022fcd91dp0, 0x1.2063b88628cd6p0, 0x1.21f49917ddc96p0,
        0x1.2387a6e756238p0, 0x1.251ce4fb2a63fp0, 0x1.26b4565e27cddp0,
        0x1.284dfe1f56381p0, 0x1.29e9df51fdee1p0, 0x1.2b87fd0dad990p0,
        0x1.2d285a6e4030bp0, 0x1.2ecafa93e2f56p0, 0x1.306fe0a31b715p0,
        0x1.32170fc4cd831p0, 0x1.33c08b26416ffp0, 0x1.356c55f929ff1p0,
        0x1.371a7373aa9cbp0, 0x1.38cae6d05d866p0, 0x1.3a7db34e59ff7p0,
        0x1.3c32dc313a8e5p0, 0x1.3dea64c123422p0, 0x1.3fa4504ac801cp0,
        0x1.4160a21f72e2ap0, 0x1.431f5d950a897p0, 0x1.44e086061892dp0,
        0x1.46a41ed1d0057p0, 0x1.486a2b5c13cd0p0, 0x1.4a32af0d7d3dep0,
        0x1.4bfdad5362a27p0, 0x1.4dcb299fddd0dp0, 0x1.4f9b2769d2ca7p0,
        0x1.516daa2cf6642p0, 0x1.5342b569d4f82p0, 0x1.551a4ca5d920fp0,
        0x1.56f4736b527dap0, 0x1.58d12d497c7fdp0, 0x1.5ab07dd485429p0,
        0x1.5c9268a5946b7p0, 0x1.5e76f15ad2148p0, 0x1.605e1b976dc09p0,
        0x1.6247eb03a5585p0, 0x1.6434634ccc320p0, 0x1.6623882552225p0,
        0x1.68155d44ca973p0, 0x1.6a09e667f3bcdp0, 0x1.6c012750bdabfp0,
        0x1.6dfb23c651a2fp0, 0x1.6ff7df9519484p0, 0x1.71f75e8ec5f74p0,
        0x1.73f9a48a58174p0, 0x1.75feb564267c9p0, 0x1.780694fde5d3fp0,
        0x1.7a11473eb0187p0, 0x1.7c1ed0130c132p0, 0x1.7e2f336cf4e62p0,
        0x1.80427543e1a12p0, 0x1.82589994cce13p0, 0x1.8471a4623c7adp0,
        0x1.868d99b4492edp0, 0x1.88ac7d98a6699p0, 0x1.8ace5422aa0dbp0,
        0x1.8cf3216b5448cp0, 0x1.8f1ae99157736p0, 0x1.9145b0b91ffc6p0,
        0x1.93737b0cdc5e5p0, 0x1.95a44cbc8520fp0, 0x1.97d829fde4e50p0,
        0x1.9a0f170ca07bap0, 0x1.9c49182a3f090p0, 0x1.9e86319e32323p0,
        0x1.a0c667b5de565p0, 0x1.a309bec4a2d33p0, 0x1.a5503b23e255dp0,
        0x1.a799e1330b358p0, 0x1.a9e6b5579fdbfp0, 0x1.ac36bbfd3f37ap0,
        0x1.ae89f995ad3adp0, 0x1.b0e07298db666p0, 0x1.b33a2b84f15fbp0,
        0x1.b59728de5593ap0, 0x1.b7f76f2fb5e47p0, 0x1.ba5b030a1064ap0,
        0x1.bcc1e904bc1d2p0, 0x1.bf2c25bd71e09p0, 0x1.c199bdd85529cp0,
        0x1.c40ab5fffd07ap0, 0x1.c67f12e57d14bp0, 0x1.c8f6d9406e7b5p0,
        0x1.cb720dcef9069p0, 0x1.cdf0b555dc3fap0, 0x1.d072d4a07897cp0,
        0x1.d2f87080d89f2p0, 0x1.d5818dcfba487p0, 0x1.d80e316c98398p0,
        0x1.da9e603db3285p0, 0x1.dd321f301b460p0, 0x1.dfc97337b9b5fp0,
        0x1.e264614f5a129p0, 0x1.e502ee78b3ff6p0, 0x1.e7a51fbc74c83p0,
        0x1.ea4afa2a490dap0, 0x1.ecf482d8e67f1p0, 0x1.efa1bee615a27p0,
        0x1.f252b376bba97p0, 0x1.f50765b6e4540p0, 0x1.f7bfdad9cbe14p0,
        0x1.fa7c1819e90d8p0, 0x1.fd3c22b8f71f1p0
    };

    /**
     * For z in the float interval with bits [0x3f330000 + i*2^16, 0x3f330000 + (i+1)*2^16): an approximation of
     * 1/z with at most 20 significant bits (exactly 1 for the two intervals next to 1), so z * LOG_INV[i] is
     * exact in double.
     */
    static final double[] LOG_INV = {
        0x1.6d1a600000000p0, 0x1.6b14a00000000p0, 0x1.6914800000000p0, 0x1.671a000000000p0,
        0x1.6525000000000p0, 0x1.6335600000000p0, 0x1.614b400000000p0, 0x1.5f66400000000p0,
        0x1.5d86800000000p0, 0x1.5babc00000000p0, 0x1.59d6200000000p0, 0x1.5805600000000p0,
        0x1.5639800000000p0, 0x1.5472600000000p0, 0x1.52b0000000000p0, 0x1.50f2200000000p0,
        0x1.4f39000000000p0, 0x1.4d84400000000p0, 0x1.4bd3e00000000p0, 0x1.4a28000000000p0,
        0x1.4880600000000p0, 0x1.46dce00000000p0, 0x1.453da00000000p0, 0x1.43a2800000000p0,
        0x1.420b600000000p0, 0x1.4078200000000p0, 0x1.3ee9000000000p0, 0x1.3d5da00000000p0,
        0x1.3bd6000000000p0, 0x1.3a52400000000p0, 0x1.38d2200000000p0, 0x1.3755c00000000p0,
        0x1.35dce00000000p0, 0x1.3467a00000000p0, 0x1.32f5c00000000p0, 0x1.3187800000000p0,
        0x1.301c800000000p0, 0x1.2eb4e00000000p0, 0x1.2d50a00000000p0, 0x1.2befa00000000p0,
        0x1.2a91c00000000p0, 0x1.2937200000000p0, 0x1.27dfa00000000p0, 0x1.268b400000000p0,
        0x1.2539e00000000p0, 0x1.23eb800000000p0, 0x1.22a0200000000p0, 0x1.2157a00000000p0,
        0x1.2012000000000p0, 0x1.1ecf400000000p0, 0x1.1d8f600000000p0, 0x1.1c52200000000p0,
        0x1.1b17c00000000p0, 0x1.19e0200000000p0, 0x1.18ab000000000p0, 0x1.1778a00000000p0,
        0x1.1648e00000000p0, 0x1.151ba00000000p0, 0x1.13f0e00000000p0, 0x1.12c8c00000000p0,
        0x1.11a3000000000p0, 0x1.107fc00000000p0, 0x1.0f5ee00000000p0, 0x1.0e40600000000p0,
        0x1.0d24400000000p0, 0x1.0c0a800000000p0, 0x1.0af3000000000p0, 0x1.09ddc00000000p0,
        0x1.08cac00000000p0, 0x1.07ba000000000p0, 0x1.06ab600000000p0, 0x1.059ee00000000p0,
        0x1.0494a00000000p0, 0x1.038c600000000p0, 0x1.0286400000000p0, 0x1.0182400000000p0,
        0x1.0000000000000p0, 0x1.0000000000000p0, 0x1.fa11c00000000p-1, 0x1.f631000000000p-1,
        0x1.f25f600000000p-1, 0x1.ee9c800000000p-1, 0x1.eae8000000000p-1, 0x1.e741a00000000p-1,
        0x1.e3a9200000000p-1, 0x1.e01e000000000p-1, 0x1.dca0200000000p-1, 0x1.d92f200000000p-1,
        0x1.d5cac00000000p-1, 0x1.d272c00000000p-1, 0x1.cf26e00000000p-1, 0x1.cbe6e00000000p-1,
        0x1.c8b2600000000p-1, 0x1.c589400000000p-1, 0x1.c26b600000000p-1, 0x1.bf58400000000p-1,
        0x1.bc4fe00000000p-1, 0x1.b951e00000000p-1, 0x1.b65e200000000p-1, 0x1.b374800000000p-1,
        0x1.b094c00000000p-1, 0x1.adbe800000000p-1, 0x1.aaf1e00000000p-1, 0x1.a82e600000000p-1,
        0x1.a574200000000p-1, 0x1.a2c2a00000000p-1, 0x1.a01a000000000p-1, 0x1.9d7a000000000p-1,
        0x1.9ae2400000000p-1, 0x1.9853000000000p-1, 0x1.95cbc00000000p-1, 0x1.934c600000000p-1,
        0x1.90d5000000000p-1, 0x1.8e65200000000p-1, 0x1.8bfce00000000p-1, 0x1.899c000000000p-1,
        0x1.8742800000000p-1, 0x1.84f0000000000p-1, 0x1.82a4a00000000p-1, 0x1.8060200000000p-1,
        0x1.7e22600000000p-1, 0x1.7beb400000000p-1, 0x1.79baa00000000p-1, 0x1.7790800000000p-1,
        0x1.756ca00000000p-1, 0x1.734f000000000p-1, 0x1.7137800000000p-1, 0x1.6f26000000000p-1
    };
    /** -ln(LOG_INV[i]), correctly rounded. */
    static final double[] LOG_L = {
        -0x1.6b85ae0ffa3a2p-2, -0x1.65d58414cd16ep-2, -0x1.602d2baf0885ap-2,
        -0x1.5a8cd1bbed581p-2, -0x1.54f447b7bdde1p-2, -0x1.4f635d7ba8f6dp-2,
        -0x1.49da9abbcbe36p-2, -0x1.4459148539e94p-2, -0x1.3edf513c1674cp-2,
        -0x1.396cbed9bb4ebp-2, -0x1.3401e3eaecb92p-2, -0x1.2e9e2b8e12286p-2,
        -0x1.2941bcb186a2ap-2, -0x1.23ec5e51eba1cp-2, -0x1.1e9e3678891f4p-2,
        -0x1.1956a8f9bb4b3p-2, -0x1.14169cf36707bp-2, -0x1.0edd128b77f48p-2,
        -0x1.09aa2c6e6b88dp-2, -0x1.047e70cde81b8p-2, -0x1.feb279be9ea93p-3,
        -0x1.f4749cb4df085p-3, -0x1.ea4455704aa70p-3, -0x1.e0211e6234071p-3,
        -0x1.d60a6e79017dap-3, -0x1.cbffb91db2116p-3, -0x1.c202d6b17e324p-3,
        -0x1.b8119f8b81c16p-3, -0x1.ae2c4ef670d94p-3, -0x1.a453f12e6a8f4p-3,
        -0x1.9a87225eb8cfep-3, -0x1.90c6ee9fcbb70p-3, -0x1.8711ebf50e37cp-3,
        -0x1.7d69264af562ap-3, -0x1.73cb2d74fab04p-3, -0x1.6a39e3abbc05fp-3,
        -0x1.60b2fe0b09332p-3, -0x1.5737881017a89p-3, -0x1.4dc7b817bc1c7p-3,
        -0x1.4462ea5c9aaacp-3, -0x1.3b0877757e328p-3, -0x1.31b96d53a496dp-3,
        -0x1.287523411a94cp-3, -0x1.1f3bcb5f25090p-3, -0x1.160cb8a4b1b38p-3,
        -0x1.0ce81adccba49p-3, -0x1.03ce22251c6ebp-3, -0x1.f57c38d8feceap-4,
        -0x1.e3706ee3047fbp-4, -0x1.d179428218db2p-4, -0x1.bf971069fa568p-4,
        -0x1.adc69be5a85e8p-4, -0x1.9c0bd4d4d1406p-4, -0x1.8a6548a9186d8p-4,
        -0x1.78cfaa63d66b3p-4, -0x1.674ef19365971p-4, -0x1.55e1a150dd0e3p-4,
        -0x1.4486353dbd191p-4, -0x1.333cfc8181dc7p-4, -0x1.220823c783cfcp-4,
        -0x1.10e4433cae711p-4, -0x1.ffa70d1ab83fdp-5, -0x1.dda8b7c67ee35p-5,
        -0x1.bbce1dc68da7fp-5, -0x1.9a17d7573c438p-5, -0x1.78867da35432ap-5,
        -0x1.5716d4c0386afp-5, -0x1.35c96baa11387p-5, -0x1.149ed24004529p-5,
        -0x1.e72f328127c51p-6, -0x1.a560d88c57abdp-6, -0x1.63d3a38684b44p-6,
        -0x1.22907dfea19d6p-6, -0x1.c311904c55f22p-7, -0x1.418acf964625fp-7,
        -0x1.811dc14581034p-8, 0.0, 0.0,
        0x1.7dc725f817e07p-7, 0x1.3ceba4346e1f5p-6, 0x1.b9fc8e7af9b2ap-6,
        0x1.1b0d90923d990p-5, 0x1.58a63afc8f4d5p-5, 0x1.95c8deec9017cp-5,
        0x1.d2762aadb1f03p-5, 0x1.075993598e4f1p-4, 0x1.253f4ff0a14cbp-4,
        0x1.42eddeea647a5p-4, 0x1.6065d09375a56p-4, 0x1.7da7c0d7b229fp-4,
        0x1.9ab45762038c1p-4, 0x1.b78c47bb0f46ep-4, 0x1.d4317066cb872p-4,
        0x1.f0a3820117dd8p-4, 0x1.067118aca65e6p-3, 0x1.14785346742c5p-3,
        0x1.2266c510a6288p-3, 0x1.303d7e0e4806fp-3, 0x1.3dfc6d8ecd770p-3,
        0x1.4ba38539a57c9p-3, 0x1.5933509982f0fp-3, 0x1.66acfa272b2f5p-3,
        0x1.740f50d4046e7p-3, 0x1.815c229435a43p-3, 0x1.8e92426888385p-3,
        0x1.9bb38c67e023ep-3, 0x1.a8bed7c882f59p-3, 0x1.b5b4d1e8fc9e4p-3,
        0x1.c296ce58c2d92p-3, 0x1.cf6308e09dc6cp-3, 0x1.dc1b7d0ac03a6p-3,
        0x1.e8c04daaa60c8p-3, 0x1.f5505964b91c7p-3, 0x1.00e6d81ad5329p-2,
        0x1.071b9abcd5c6ap-2, 0x1.0d46dd79ac3cbp-2, 0x1.136865293a9a2p-2,
        0x1.1980f2dd42b6fp-2, 0x1.1f8ffa248a2f3p-2, 0x1.2595ebcdf79c1p-2,
        0x1.2b92e66b8a3d4p-2, 0x1.31870a1544431p-2, 0x1.3772786bfdaf5p-2,
        0x1.3d54fd5c1f722p-2, 0x1.432f13e04f0b7p-2, 0x1.49008a04012d9p-2,
        0x1.4ec986260053cp-2, 0x1.548a303add283p-2
    };

    /**
     * Breakpoints for the arctangent kernel: ATAN_C[0] = 0 (for z < 2^-5) and, for j = 1..256 with
     * e = (j-1)/8 - 5 and k = (j-1)%8, ATAN_C[j] = 2^e * (1 + (2k+1)/16), the centre of the bin
     * [2^e (1 + k/8), 2^e (1 + (k+1)/8)). Every entry has at most 5 significant bits.
     */
    static final double[] ATAN_C = buildAtanBreakpoints();
    /** atan(ATAN_C[j]), correctly rounded. */
    static final double[] ATAN_A = {
        0.0, 0x1.0fe66da9b94eep-5, 0x1.2fdc4e3737dddp-5,
        0x1.4fcfd072dff79p-5, 0x1.6fc0b4f27d5bbp-5, 0x1.8faebc6b17abap-5,
        0x1.af99a7b3dd42fp-5, 0x1.cf8137c90a177p-5, 0x1.ef652dceca4dcp-5,
        0x1.0f99ea71d52a7p-4, 0x1.2f719318a4a9ap-4, 0x1.4f3fd677292fbp-4,
        0x1.6f03bdcea4b0dp-4, 0x1.8ebc54478fb28p-4, 0x1.ae68a71c722b8p-4,
        0x1.ce07c5c3cca32p-4, 0x1.ed98c2190043bp-4, 0x1.0e6adccf40882p-3,
        0x1.2dcbdb2fba1ffp-3, 0x1.4d087a9da4f17p-3, 0x1.6c1d4898933d9p-3,
        0x1.8b06ee2879c29p-3, 0x1.a9c231b403279p-3, 0x1.c84bf8a742e6ep-3,
        0x1.e6a148e96ec4dp-3, 0x1.09dc597d86362p-2, 0x1.278372057ef46p-2,
        0x1.44aa436c2af0ap-2, 0x1.614840309cfe2p-2, 0x1.7d5604b63b3f7p-2,
        0x1.98cd5454d6b18p-2, 0x1.b3a911da65c6cp-2, 0x1.cde53432c1351p-2,
        0x1.f40dd0b541418p-2, 0x1.1255d9bfbd2a9p-1, 0x1.2958e59308e31p-1,
        0x1.3f13fb89e96f4p-1, 0x1.538f57b89061fp-1, 0x1.66d663923e087p-1,
        0x1.78f6bbd5d315ep-1, 0x1.89ff5ff57f1f8p-1, 0x1.a1a25f2c82506p-1,
        0x1.bde70ed439fe7p-1, 0x1.d6e57cf4f0acap-1, 0x1.ed0d97c9041c9p-1,
        0x1.006132e34d617p0, 0x1.092ce471853ccp0, 0x1.110eb007f39f7p0,
        0x1.1825f074030d9p0, 0x1.21862f3fade36p0, 0x1.2c1a241d66dc3p0,
        0x1.34f1fbb19eb09p0, 0x1.3c6e650b38047p0, 0x1.42d70411f9ec1p0,
        0x1.4861b4cfbe710p0, 0x1.4d378c1999a0dp0, 0x1.51784fa1544bap0,
        0x1.56f6f33a3e6a7p0, 0x1.5d013c41adabdp0, 0x1.61f06c6a92b89p0,
        0x1.660b02c736a06p0, 0x1.698213a9d5053p0, 0x1.6c78c7edeb195p0,
        0x1.6f08f07435fecp0, 0x1.7145eac2088a4p0, 0x1.7424de90454d4p0,
        0x1.77467e364f601p0, 0x1.79d0f3fad1c92p0, 0x1.7beb396c5699ap0,
        0x1.7daff85a63058p0, 0x1.7f320a0f9f587p0, 0x1.807f2112987c7p0,
        0x1.81a16e43f190bp0, 0x1.831516233f561p0, 0x1.84a99fe25186bp0,
        0x1.85f14d43d81bep0, 0x1.87001c35928d4p0, 0x1.87e3aa32878aep0,
        0x1.88a58ec949d14p0, 0x1.894cbdb6bedfcp0, 0x1.89de605acdbb3p0,
        0x1.8a98bbf307aa8p0, 0x1.8b63797517bb5p0, 0x1.8c079f3350d26p0,
        0x1.8c8f3c9e38564p0, 0x1.8d0129acd6d1cp0, 0x1.8d623796f0778p0,
        0x1.8db5e3944965ep0, 0x1.8dfec478573a0p0, 0x1.8e5c03490dfd7p0,
        0x1.8ec17129b24cap0, 0x1.8f138df079174p0, 0x1.8f5763678c847p0,
        0x1.8f905eb2def22p0, 0x1.8fc0e91cfe4c5p0, 0x1.8feac1ad488f3p0,
        0x1.900f341215ac8p0, 0x1.903dd59b80fadp0, 0x1.90708e70214dep0,
        0x1.90999e10a9f5cp0, 0x1.90bb89a482a30p0, 0x1.90d807e2bc3c6p0,
        0x1.90f04d867819dp0, 0x1.91053a20d746bp0, 0x1.911773919ac82p0,
        0x1.912ec49a76536p0, 0x1.9148214153180p0, 0x1.915ca9393d945p0,
        0x1.916d9f1e34a1fp0, 0x1.917bde5063faep0, 0x1.9188013017bebp0,
        0x1.919277878ec92p0, 0x1.919b9447bc499p0, 0x1.91a73cd4aeeafp0,
        0x1.91b3eb2faef75p0, 0x1.91be2f3099068p0, 0x1.91c6aa2675eafp0,
        0x1.91cdc9c1efecfp0, 0x1.91d3db33848bfp0, 0x1.91d9166089014p0,
        0x1.91dda4c1993a8p0, 0x1.91e379092327ap0, 0x1.91e9d0379563cp0,
        0x1.91eef238a905ep0, 0x1.91f32fb403a40p0, 0x1.91f6bf820cefep0,
        0x1.91f9c83b0e971p0, 0x1.91fc65d1b9efcp0, 0x1.91fead02613b9p0,
        0x1.920197264845bp0, 0x1.9204c2bd9faa9p0, 0x1.920753be3d4efp0,
        0x1.9209727bf8238p0, 0x1.920b3a630652cp0, 0x1.920cbebf8e115p0,
        0x1.920e0d8ae8e17p0, 0x1.920f3123406d4p0, 0x1.9210a6353834cp0,
        0x1.92123c00e7b00p0, 0x1.9213848138fcap0, 0x1.921493e018179p0,
        0x1.921577d3a0606p0, 0x1.92163a01e51d1p0, 0x1.9216e16793299p0,
        0x1.92177333bf6c3p0, 0x1.92182dbcbbd84p0, 0x1.9218f8a2940f0p0,
        0x1.92199ce2bd04ap0, 0x1.921a24922cc83p0, 0x1.921a968bf112cp0,
        0x1.921af7a3138ccp0, 0x1.921b4b55eaa79p0, 0x1.921b943c00d87p0,
        0x1.921bf1807f1f9p0, 0x1.921c56f36b4a1p0, 0x1.921ca9137fcecp0,
        0x1.921ceceb37b75p0, 0x1.921d25e819e16p0, 0x1.921d5673ab21dp0,
        0x1.921d804d16b1dp0, 0x1.921da4c021cc3p0, 0x1.921dd36260f1ep0,
        0x1.921e061bd7090p0, 0x1.921e2f2be14cap0, 0x1.921e5117bd41cp0,
        0x1.921e6d962e575p0, 0x1.921e85dbf6f80p0, 0x1.921e9ac8acc05p0,
        0x1.921ead02324dcp0, 0x1.921ec45351e0ep0, 0x1.921eddb00cecbp0,
        0x1.921ef238120eap0, 0x1.921f032e00095p0, 0x1.921f116d38943p0,
        0x1.921f1d901ce49p0, 0x1.921f280677c8cp0, 0x1.921f31233a8f8p0,
        0x1.921f3ccbca591p0, 0x1.921f497a27df0p0, 0x1.921f53be2a700p0,
        0x1.921f5c39216d6p0, 0x1.921f6358bdb2dp0, 0x1.921f696a2fdb0p0,
        0x1.921f6ea55d4d2p0, 0x1.921f7333beb08p0, 0x1.921f790806955p0,
        0x1.921f7f5f35584p0, 0x1.921f848136a0cp0, 0x1.921f88beb21f7p0,
        0x1.921f8c4e80423p0, 0x1.921f8f5739564p0, 0x1.921f91f4d00f5p0,
        0x1.921f943c00c10p0, 0x1.921f972624b36p0, 0x1.921f9a51bc14ep0,
        0x1.921f9ce2bcb92p0, 0x1.921f9f017a788p0, 0x1.921fa0c96189dp0,
        0x1.921fa24dbe13ep0, 0x1.921fa39c89707p0, 0x1.921fa4c021c94p0,
        0x1.921fa63533c27p0, 0x1.921fa7caff733p0, 0x1.921fa9137fc55p0,
        0x1.921faa22dea50p0, 0x1.921fab06d22dbp0, 0x1.921fabc90072bp0,
        0x1.921fac706620fp0, 0x1.921fad02324d6p0, 0x1.921fadbcbb4a0p0,
        0x1.921fae87a1226p0, 0x1.921faf2be14b7p0, 0x1.921fafb390bb4p0,
        0x1.921fb0258a7fap0, 0x1.921fb086a1a22p0, 0x1.921fb0da54794p0,
        0x1.921fb1233a8f7p0, 0x1.921fb1807f0dcp0, 0x1.921fb1e5f1f9fp0,
        0x1.921fb238120e8p0, 0x1.921fb27be9c66p0, 0x1.921fb2b4e6a89p0,
        0x1.921fb2e57239dp0, 0x1.921fb30f4ba56p0, 0x1.921fb333beb08p0,
        0x1.921fb36260efap0, 0x1.921fb3951a65cp0, 0x1.921fb3be2a700p0,
        0x1.921fb3e0164bfp0, 0x1.921fb3fc94bd1p0, 0x1.921fb414da85bp0,
        0x1.921fb429c73b7p0, 0x1.921fb43c00c10p0, 0x1.921fb45351e09p0,
        0x1.921fb46cae9bap0, 0x1.921fb48136a0cp0, 0x1.921fb4922c8ecp0,
        0x1.921fb4a06bc74p0, 0x1.921fb4ac8eab9p0, 0x1.921fb4b705068p0,
        0x1.921fb4c021c94p0, 0x1.921fb4cbca591p0, 0x1.921fb4d878b69p0,
        0x1.921fb4e2bcb92p0, 0x1.921fb4eb37b02p0, 0x1.921fb4f2574c6p0,
        0x1.921fb4f868be9p0, 0x1.921fb4fda3ec0p0, 0x1.921fb502324d6p0,
        0x1.921fb50806955p0, 0x1.921fb50e5dc41p0, 0x1.921fb5137fc55p0,
        0x1.921fb517bd40dp0, 0x1.921fb51b4d0efp0, 0x1.921fb51e55c81p0,
        0x1.921fb520f35ecp0, 0x1.921fb5233a8f7p0
    };

    private static double[] buildAtanBreakpoints() {
        double[] c = new double[257];
        for (int j = 1; j <= 256; j++) {
            int e = (j - 1) / 8 - 5, k = (j - 1) % 8;
            c[j] = (17 + 2 * k) * Math.scalb(1.0, e - 4);   // exact
        }
        return c;
    }
}
