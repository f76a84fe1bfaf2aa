/**
 * Step 11: the {@code ariel} command line, a thin face over the library API that maps every failure to a one-line message and exit code.
 */
package dev.ariel.cli;
