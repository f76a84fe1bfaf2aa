/**
 * Step 5: views, the row scheduler over a thread pool, mono and colour images (shaded value
 * fields, debug maps of how pixels were decided), and their atomic writing as PNG, PGM or PPM.
 */
package dev.ariel.render;
