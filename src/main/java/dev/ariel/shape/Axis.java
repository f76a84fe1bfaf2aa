package dev.ariel.shape;

import dev.ariel.expr.Opcode;

/** A coordinate axis, for the transforms that act along one: {@link Shape#mirror}, {@link Shape#repeat}. */
public enum Axis {
    X(Opcode.VAR_X),
    Y(Opcode.VAR_Y),
    Z(Opcode.VAR_Z);

    private final Opcode variable;

    Axis(Opcode variable) {
        this.variable = variable;
    }

    /** The coordinate along this axis: {@link Shape#x()}, {@link Shape#y()} or {@link Shape#z()}. */
    public Shape coordinate() {
        return Shape.of(variable);
    }
}
