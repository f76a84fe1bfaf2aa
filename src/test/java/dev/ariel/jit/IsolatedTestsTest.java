package dev.ariel.jit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ariel.testing.ChildJvm;
import dev.ariel.testing.RunTests;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs each test class tagged {@code child-jvm} in a child JVM of its own, where a crash (a SIGSEGV
 * in native code, say) fails that class here with the crash report's head, instead of killing the
 * test run. The test JVM skips these classes (surefire's {@code excludedGroups}); run one on its
 * own with {@code -Dtest=IsolatedTestsTest}, or in the test JVM with
 * {@code -Dtest=NAME -Dariel.excludedGroups=none}.
 *
 * <p>The classes are those whose failure mode is native, not a wrong answer:
 * <ul>
 *   <li>{@link CodeCacheTest} damages compiled objects on disk (truncated, a flipped bit in the
 *       code); only the cache's checks keep LLVM from linking them and the JVM from running them.
 *   <li>{@link CodeCacheDamageTest} puts FIFOs, device links and giant files where cache files
 *       belong; only the cache's checks keep a read from blocking for ever or running out of memory.
 *   <li>{@link JitConcurrencyTest} compiles, links and unloads from several threads at once
 *       through the one LLJIT, which crashed inside LLVM when two threads used it unlocked.
 *   <li>{@link JitTapeCompilerTest} evicts (unloads) code while leases hold functions of it; only
 *       the lease protocol keeps a caller from running code that is no longer mapped.
 * </ul>
 * The other JIT tests stay in the test JVM: their failures are LLVM errors returned as values
 * (bad IR, a bad object, a missing symbol), and calls after unloading stop at a Java check.
 */
class IsolatedTestsTest {
    @ParameterizedTest
    @ValueSource(classes = {CodeCacheTest.class, CodeCacheDamageTest.class, JitConcurrencyTest.class, JitTapeCompilerTest.class})
    void passesInAChildJvm(Class<?> testClass) throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-Xss8m"), RunTests.class.getName(), List.of(testClass.getName()),
                Duration.ofMinutes(10));
        System.out.println("[ariel-tests] " + testClass.getSimpleName() + " in a child JVM: "
                + String.join("; ", r.output().lines().filter(l -> l.contains("tests successful") || l.contains("tests failed")).toList()));
        // Under -Xcheck:jni (passed on to the child), show what it reported.
        r.output().lines().filter(l -> l.startsWith("WARNING in native method")).forEach(l -> System.out.println("[ariel-tests] " + l));
        assertTrue(r.succeeded(), () -> testClass.getSimpleName() + " failed in its child JVM: " + r.describe());
    }
}
