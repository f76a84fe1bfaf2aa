package dev.ariel.jit;

import dev.ariel.eval.Backend;
import dev.ariel.eval.GradientEvaluator;
import dev.ariel.eval.PointEvaluator;
import dev.ariel.eval.RowEvaluator;
import dev.ariel.eval.TapeCompiler;
import dev.ariel.tape.Box;
import dev.ariel.tape.SsaTape;

/**
 * The LLVM tier behind the {@link Backend} contract: whole-tape rows, points and gradients from a
 * {@link JitEngine}, and compiled leaf tiles from a {@link JitTapeCompiler} (tier 1). Leaf tiles
 * without compiled code and interval bounds are the interpreter's, as the contract's defaults give.
 * Closing it closes both. Making one loads no LLVM; the first compile does.
 */
public final class JitBackend implements Backend, AutoCloseable {
    private final JitEngine rows;
    private final JitTapeCompiler tiles;

    private JitBackend(JitEngine rows, JitTapeCompiler tiles) {
        this.rows = rows;
        this.tiles = tiles;
    }

    /** A backend over {@code rows} and, unless null, the tile compiler {@code tiles}; it owns both. */
    public static JitBackend of(JitEngine rows, JitTapeCompiler tiles) {
        return new JitBackend(rows, tiles);
    }

    /** A backend that compiles with {@code options}: whole tapes, and tile tapes on {@code threads} threads. */
    public static JitBackend of(CompileOptions options, int threads) {
        return new JitBackend(JitEngine.of(options), new JitTapeCompiler(options, threads,
                JitTapeCompiler.DEFAULT_MAX_CODE_BYTES, JitTapeCompiler.DEFAULT_BATCH_OPS));
    }

    @Override
    public String name() {
        return rows.name();
    }

    @Override
    public PointEvaluator pointEvaluator(SsaTape tape) {
        return rows.pointEvaluator(tape);
    }

    @Override
    public RowEvaluator rowEvaluator(SsaTape tape, Box box) {
        return rows.rowEvaluator(tape, box);
    }

    @Override
    public GradientEvaluator gradientEvaluator(SsaTape tape) {
        return rows.gradientEvaluator(tape);
    }

    @Override
    public TapeCompiler tapeCompiler() {
        return tiles;
    }

    /** The whole-tape engine. */
    public JitEngine engine() {
        return rows;
    }

    @Override
    public void close() {
        try {
            if (tiles != null) tiles.close();
        } finally {
            rows.close();
        }
    }
}
