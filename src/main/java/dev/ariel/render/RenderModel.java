package dev.ariel.render;

import dev.ariel.tape.SsaTape;

/**
 * What the renderers draw: a model's tape. {@code dev.ariel.Model}, the library's façade above this
 * package, implements it, so that render depends on nothing above it.
 */
public interface RenderModel {
    /** The flat SSA tape of the model's value. */
    SsaTape tape();

    /** A render model of {@code tape} alone. */
    static RenderModel of(SsaTape tape) {
        return () -> tape;
    }
}
