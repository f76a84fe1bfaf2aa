/**
 * Step 10b: the per-user daemon behind the CLI. It keeps one warm JVM (HotSpot's compiled code, the
 * LLVM JIT, the code cache) for the commands that a thin client ({@code scripts/ariel-client})
 * sends it over a Unix domain socket in a directory only the user can enter, and runs each with
 * the client's working directory, environment, streams and terminal ({@code dev.ariel.io.Invocation}).
 * It knows nothing of the commands: the CLI hands it a {@link dev.ariel.daemon.CommandRunner}.
 * The wire format is in {@link dev.ariel.daemon.Frames}.
 */
package dev.ariel.daemon;
