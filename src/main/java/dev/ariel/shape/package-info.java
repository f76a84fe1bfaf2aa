/**
 * Step 2b: building models as Java values, the other way in beside reading {@code .vm} text.
 *
 * <p>A {@link dev.ariel.shape.Shape} is an immutable expression of x, y and z with one method per
 * opcode; {@link dev.ariel.shape.Shapes} has the primitives (circle, rectangle, polygon, sphere,
 * box, torus, gyroid...), and a shape's own methods combine (union, smooth blends) and transform
 * (move, scale, rotate, mirror, repeat) them, each documented as an exact distance field or a
 * bound. A shape lowers straight into a hash-consed {@link dev.ariel.expr.ExprGraph} (no text in
 * between), is written as {@code .vm} text by {@link dev.ariel.parse.VmWriter}, and becomes a
 * renderable model through {@code dev.ariel.Model.of(Shape)}. It uses {@code expr} and
 * {@code parse} and nothing above them, so the façade may use it.
 *
 * <p>Following libfive and fidget, a distance field is <em>exact</em> when its value is the signed
 * Euclidean distance to the surface, and a <em>bound</em> when its sign is right and its magnitude
 * never exceeds that distance (it is 1-Lipschitz), which is what sphere tracing, offsets and
 * blends need. The primitives' Javadoc says which each one is; everything else is neither.
 */
package dev.ariel.shape;
