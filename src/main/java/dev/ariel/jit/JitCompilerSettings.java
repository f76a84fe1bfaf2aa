package dev.ariel.jit;

/**
 * How a {@link JitTapeCompiler} compiles and what it keeps: one record for what its constructors took.
 *
 * @param options how to compile every tape
 * @param threads compiling threads (daemons), at least 1
 * @param maxCodeBytes the bound on loaded object bytes that eviction keeps to
 * @param batchOps the most tape instructions a batch holds (a larger tape forms a batch alone)
 * @param disk the disk cache to link from and store to, or null for none
 * @param loadOnly whether it never compiles, only links what the disk cache holds (which it then needs)
 */
public record JitCompilerSettings(CompileOptions options, int threads, long maxCodeBytes, int batchOps, CodeCache.Settings disk,
        boolean loadOnly) {
    public JitCompilerSettings {
        if (options == null) throw new IllegalArgumentException("options must be set");
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        if (maxCodeBytes < 0) throw new IllegalArgumentException("maxCodeBytes must not be negative, not " + maxCodeBytes);
        if (batchOps < 1) throw new IllegalArgumentException("batchOps must be at least 1, not " + batchOps);
        if (loadOnly && disk == null) throw new IllegalArgumentException("a loading-only compiler needs a disk cache");
    }

    /** {@code options} with {@link JitTapeCompiler#defaultThreads()} threads, the default bound and batch size, and no disk cache. */
    public static JitCompilerSettings of(CompileOptions options) {
        return new JitCompilerSettings(options, JitTapeCompiler.defaultThreads(), JitTapeCompiler.DEFAULT_MAX_CODE_BYTES,
                JitTapeCompiler.DEFAULT_BATCH_OPS, null, false);
    }

    public JitCompilerSettings withThreads(int threads) {
        return new JitCompilerSettings(options, threads, maxCodeBytes, batchOps, disk, loadOnly);
    }

    public JitCompilerSettings withMaxCodeBytes(long maxCodeBytes) {
        return new JitCompilerSettings(options, threads, maxCodeBytes, batchOps, disk, loadOnly);
    }

    public JitCompilerSettings withBatchOps(int batchOps) {
        return new JitCompilerSettings(options, threads, maxCodeBytes, batchOps, disk, loadOnly);
    }

    public JitCompilerSettings withDisk(CodeCache.Settings disk) {
        return new JitCompilerSettings(options, threads, maxCodeBytes, batchOps, disk, loadOnly);
    }

    public JitCompilerSettings withLoadOnly(boolean loadOnly) {
        return new JitCompilerSettings(options, threads, maxCodeBytes, batchOps, disk, loadOnly);
    }
}
