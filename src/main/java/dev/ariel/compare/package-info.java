/**
 * Step 9: comparing optimization levels on one model (compile cost, render speed, break-even
 * frames) over the JIT and render packages, and reporting it as a table, CSV, JSON or a chart.
 */
package dev.ariel.compare;
