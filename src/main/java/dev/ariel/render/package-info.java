/**
 * Step 7: views, the quadtree tile scheduler and its tiers (the pruned interpreter, and compiled
 * tapes where the cost model says they pay), the brute-force row scheduler, mono and colour
 * images (shaded value fields, debug maps of how pixels were decided), and their atomic writing
 * as PNG, PGM or PPM. Compiled code reaches this package only through
 * {@link dev.ariel.eval.TapeCompiler}, so it imports nothing native.
 */
package dev.ariel.render;
