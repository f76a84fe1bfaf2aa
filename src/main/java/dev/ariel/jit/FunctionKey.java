package dev.ariel.jit;

/**
 * What decides a compiled function's code, in one process: the tape's structural hash, the key of
 * the min/max facts proved for its box, the compile options and the vector width.
 *
 * @param tape the tape's {@link dev.ariel.tape.SsaTape#codeKey() code key}
 * @param facts the {@link dev.ariel.tape.MinMaxFacts#key() facts' key}
 * @param options how it is compiled
 * @param lanes the host's float lanes
 */
record FunctionKey(String tape, String facts, CompileOptions options, int lanes) {
    /** The key on disk: this one without the op budget, which decides whether a tape is compiled but not its code. */
    String diskKey() {
        return CodeCache.key(tape, facts, options, lanes);
    }
}
