package dev.ariel.expr;

import java.util.HashMap;
import java.util.Map;

/**
 * The operations of the {@code .vm} format: fidget's opcode set plus {@code recip}.
 *
 * <p>What each opcode computes is defined once, in {@link F32Semantics} (the f32 semantics every
 * tier must match) and {@link F64Semantics} (the f64 reference oracle); see {@code docs/semantics.md}.
 */
public enum Opcode {
    CONST("const", 0),
    VAR_X("var-x", 0),
    VAR_Y("var-y", 0),
    VAR_Z("var-z", 0),

    NEG("neg", 1),
    ABS("abs", 1),
    RECIP("recip", 1),
    SQRT("sqrt", 1),
    SQUARE("square", 1),
    FLOOR("floor", 1),
    CEIL("ceil", 1),
    ROUND("round", 1),
    SIN("sin", 1),
    COS("cos", 1),
    TAN("tan", 1),
    ASIN("asin", 1),
    ACOS("acos", 1),
    ATAN("atan", 1),
    EXP("exp", 1),
    LN("ln", 1),
    NOT("not", 1),

    ADD("add", 2),
    SUB("sub", 2),
    MUL("mul", 2),
    DIV("div", 2),
    MIN("min", 2),
    MAX("max", 2),
    ATAN2("atan2", 2),
    COMPARE("compare", 2),
    MOD("mod", 2),
    AND("and", 2),
    OR("or", 2);

    private static final Opcode[] VALUES = values();
    private static final Map<String, Opcode> BY_TEXT = new HashMap<>();

    static {
        for (Opcode op : VALUES) {
            BY_TEXT.put(op.text, op);
        }
    }

    private final String text;
    private final int arity;

    Opcode(String text, int arity) {
        this.text = text;
        this.arity = arity;
    }

    /** The opcode's spelling in {@code .vm} files, such as {@code var-x} or {@code add}. */
    public String text() {
        return text;
    }

    /** How many node operands the opcode takes: 0, 1 or 2 ({@code const} takes a number instead). */
    public int arity() {
        return arity;
    }

    /** Whether swapping the operands never changes the result under Ariel's value equality. */
    public boolean isCommutative() {
        return this == ADD || this == MUL || this == MIN || this == MAX;
    }

    /** Whether this opcode reads an input coordinate. */
    public boolean isVariable() {
        return this == VAR_X || this == VAR_Y || this == VAR_Z;
    }

    /** The opcode with the given ordinal; the fast inverse of {@link #ordinal()} for packed tapes. */
    public static Opcode ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /** The opcode spelled {@code text} in a {@code .vm} file, or null if there is none. */
    public static Opcode byText(String text) {
        return BY_TEXT.get(text);
    }
}
