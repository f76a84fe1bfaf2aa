package dev.ariel;

import dev.ariel.expr.Opcode;
import java.util.Set;

/**
 * The make-up of a model: op counts by opcode as written and after deduplication, folding and
 * dead-code removal, the depth of its graph, and which variables it reads.
 *
 * @param source the file or source name
 * @param opsWritten op lines in the file
 * @param writtenByOpcode op lines per opcode, indexed by ordinal
 * @param opsAfter instructions plus distinct constants that the value depends on ({@link #instructions()}
 *     and {@link #constants()})
 * @param afterByOpcode the same per opcode, indexed by ordinal
 * @param depth the longest chain of operands from the value down to a leaf
 * @param slots the most values alive at once in the interpreter's slot plan
 * @param variables the input variables the value reads
 */
public record ModelInfo(String source, int opsWritten, int[] writtenByOpcode, int opsAfter,
        int[] afterByOpcode, int depth, int slots, Set<Opcode> variables) {
    public ModelInfo {
        writtenByOpcode = writtenByOpcode.clone();
        afterByOpcode = afterByOpcode.clone();
        variables = Set.copyOf(variables);
    }

    /** The distinct constants after simplification: the tape's constant pool, operands of its instructions. */
    public int constants() {
        return after(Opcode.CONST);
    }

    /** The tape's instructions: the ops after simplification other than constants. */
    public int instructions() {
        return opsAfter - constants();
    }

    /** Op lines of {@code op} in the file. */
    public int written(Opcode op) {
        return writtenByOpcode[op.ordinal()];
    }

    /** Ops of {@code op} after simplification. */
    public int after(Opcode op) {
        return afterByOpcode[op.ordinal()];
    }

    @Override
    public int[] writtenByOpcode() {
        return writtenByOpcode.clone();
    }

    @Override
    public int[] afterByOpcode() {
        return afterByOpcode.clone();
    }
}
