/**
 * Step 5: views, the row scheduler over a thread pool, and images written atomically as PNG or PGM.
 */
package dev.ariel.render;
