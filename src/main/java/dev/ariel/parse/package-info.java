/**
 * Step 2: reading {@code .vm} text into an expression graph, with one-line errors that name the file and line.
 */
package dev.ariel.parse;
