/**
 * Step 0, below the flow: files and JSON that every step may use. {@link dev.ariel.io.JsonWriter}
 * is Ariel's one JSON writer (the service's answers, {@code render --stats=json}, {@code compare
 * --format json}); {@link dev.ariel.io.OutputFiles} is its one way to write a file a user named:
 * atomically, and never over a file the run read. It imports nothing from Ariel.
 */
package dev.ariel.io;
