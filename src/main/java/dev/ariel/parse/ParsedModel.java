package dev.ariel.parse;

import dev.ariel.expr.ExprGraph;
import dev.ariel.expr.Opcode;

/**
 * What a {@code .vm} file says: its graph, the node of its last op, and how many ops of each
 * opcode it spelled out before deduplication and folding.
 *
 * @param source the file or source name, for messages
 * @param graph the hash-consed graph of every op in the file
 * @param root the node of the file's last op, the model's value
 * @param opLines the number of op lines in the file
 */
public record ParsedModel(String source, ExprGraph graph, int root, int opLines, int[] opcodeLines) {
    public ParsedModel {
        opcodeLines = opcodeLines.clone();
    }

    /** How many lines of the file used {@code op}. */
    public int linesOf(Opcode op) {
        return opcodeLines[op.ordinal()];
    }

    @Override
    public int[] opcodeLines() {
        return opcodeLines.clone();
    }
}
