/**
 * Step 7: views, the quadtree tile scheduler and its tiers (the pruned interpreter, and compiled
 * tapes where the cost model says they pay), the brute-force row scheduler, mono and colour
 * images (shaded value fields, debug maps of how pixels were decided), and their encoding as
 * PNG, PGM or PPM, written through {@link dev.ariel.io.OutputFiles}. Both schedulers are generic
 * over {@link dev.ariel.eval.Backend} and draw a {@link dev.ariel.render.RenderModel}, so this
 * package imports nothing above it and nothing native: compiled code reaches it only through
 * {@link dev.ariel.eval.TapeCompiler}.
 */
package dev.ariel.render;
