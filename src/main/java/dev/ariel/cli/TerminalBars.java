package dev.ariel.cli;

import dev.ariel.io.Invocation;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on the caller's terminal: this process's, or the daemon's client's, at its width. */
final class TerminalBars {
    private TerminalBars() {}

    /** Whether the caller's standard error is a terminal, where a bar belongs. */
    static boolean terminal() {
        return Invocation.current().terminal().stderrIsTerminal();
    }

    /**
     * A builder drawing on the caller's terminal. In a process of its own the library finds the
     * terminal and its width itself; in the daemon the bar goes to the client's stderr at the
     * width the client measured. The bar is coloured unless the caller's environment says not to.
     */
    static ProgressBarBuilder builder() {
        ProgressBarBuilder b = new ProgressBarBuilder();
        Invocation inv = Invocation.current();
        if (!colour(inv)) b.setStyle(ProgressBarStyle.UNICODE_BLOCK); // the library's default is the colourful one
        if (inv.stderr() != System.err) {
            int columns = inv.terminal().columns();
            b.setConsumer(new InteractiveConsoleProgressBarConsumer(inv.stderr(), columns > 0 ? columns : 80));
        }
        return b;
    }

    /**
     * Whether the caller's terminal may be sent colour: not when {@code NO_COLOR} is set to
     * anything but the empty string (no-color.org), nor when {@code TERM=dumb}.
     */
    static boolean colour(Invocation inv) {
        String noColor = inv.getenv("NO_COLOR");
        return (noColor == null || noColor.isEmpty()) && !"dumb".equals(inv.getenv("TERM"));
    }
}
