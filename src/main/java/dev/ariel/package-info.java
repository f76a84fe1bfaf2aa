/**
 * Ariel's library API: read a {@link dev.ariel.Model} (or build one from a {@link dev.ariel.shape.Shape}) and render it with {@link dev.ariel.render.Renderer}; the step that ties parsing, the tape and rendering together for users.
 */
package dev.ariel;
