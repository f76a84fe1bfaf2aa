package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.testing.ChildJvm;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * LLVM does not take over the JVM's signal handlers: after LLVM is loaded and code compiled by it
 * has run, the JVM still turns a null field read in code that HotSpot compiled (an implicit null
 * check: a SIGSEGV) into a NullPointerException and a runaway recursion (a stack bang into the
 * guard pages: a SIGSEGV too) into a StackOverflowError. Each case runs {@link SignalProbe} in a
 * child JVM, so that a JVM killed by a signal fails this test with the crash report's head
 * instead of ending the test run.
 */
class SignalHandlerTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String P = "ariel-probe: ";

    @Test
    void afterLlvmTheJvmStillOwnsItsHandlersInC2CompiledCode() throws Exception {
        // -Xbatch: the hot methods are compiled (C1, then C2) before the calls that fault return.
        // -Xcheck:jni: the JVM itself compares its SEGV, ILL, FPE and BUS handlers every 10 ms.
        ChildJvm.Result r = ChildJvm.run(List.of("-Xbatch", "-Xcheck:jni", "-XX:+PrintCompilation", "-Xlog:deoptimization=debug"),
                SignalProbe.class.getName(), List.of(), TIMEOUT);
        assertTrue(r.succeeded(), r::describe);
        assertProbePassed(r);
        assertFalse(r.output().contains("handler modified"), () -> "-Xcheck:jni saw a replaced handler:\n" + r.describe());
        String out = r.output();
        int npe = out.indexOf(P + "npe ok"), soe = out.indexOf(P + "soe ok");
        // The faults happened in C2 code: both methods were compiled at tier 4 before their checks
        // ran, and the null check trapped in the tier-4 code (HotSpot deoptimises it on the trap).
        assertCompiledAtTier4Before(out, "sumValues", npe);
        assertCompiledAtTier4Before(out, "down", soe);
        assertTrue(Pattern.compile("level=4 dev\\.ariel\\.jit\\.SignalProbe\\.sumValues\\(.*null_check").matcher(out).find(),
                () -> "no null-check trap in C2-compiled sumValues:\n" + r.describe());
    }

    @Test
    void afterLlvmTheJvmStillOwnsItsHandlersUnderXcomp() throws Exception {
        // -Xcomp with C2 alone, limited to the probe's own methods: everything else (JavaCPP, LLVM's
        // bindings) stays interpreted, which keeps the run to a second instead of a minute.
        ChildJvm.Result r = ChildJvm.run(List.of("-Xcomp", "-XX:-TieredCompilation", "-XX:CompileCommand=quiet",
                "-XX:CompileOnly=" + SignalProbe.class.getName() + "::*"), SignalProbe.class.getName(), List.of(), TIMEOUT);
        assertTrue(r.succeeded(), r::describe);
        assertProbePassed(r);
    }

    @Test
    void theChecksNoticeAChangedHandler() throws Exception {
        // The control case: the probe itself re-installs the JVM's SIGILL handler with another
        // flag for a moment. Both its own comparison and -Xcheck:jni must see that, or the two
        // tests above prove nothing.
        ChildJvm.Result r = ChildJvm.run(List.of("-Xcheck:jni"), SignalProbe.class.getName(), List.of("control"), TIMEOUT);
        assertEquals(3, r.exitCode(), r::describe);
        assertTrue(r.hsErr().isEmpty(), r::describe);
        assertTrue(r.output().contains(P + "handler changed: signal 4 "), r::describe);
        assertTrue(r.output().contains("Warning: SIGILL handler modified!"), r::describe);
        assertTrue(r.output().contains(P + "npe ok 2000"), r::describe);
    }

    private static void assertProbePassed(ChildJvm.Result r) {
        for (String marker : List.of("kernel ok", "handlers unchanged", "npe ok 2000", "soe ok 4", "kernel still runs ok", "done")) {
            assertTrue(r.output().contains(P + marker), () -> "no \"" + P + marker + "\":\n" + r.describe());
        }
    }

    // A -XX:+PrintCompilation line for SignalProbe::method at tier 4 (C2), before `limit` in `out`.
    private static void assertCompiledAtTier4Before(String out, String method, int limit) {
        var m = Pattern.compile("(?m)^\\s*\\d+\\s+\\d+\\s+[%sbn! ]*\\s4\\s+dev\\.ariel\\.jit\\.SignalProbe::" + method + " ").matcher(out);
        assertTrue(m.find() && m.start() < limit, () -> "SignalProbe::" + method + " was not C2-compiled before its check ran");
    }
}
