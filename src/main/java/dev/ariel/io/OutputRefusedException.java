package dev.ariel.io;

import java.io.IOException;

/** An output that {@link OutputFiles} would not write: it is the run's model, or a file the run already wrote. */
public final class OutputRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    OutputRefusedException(String message) {
        super(message);
    }
}
