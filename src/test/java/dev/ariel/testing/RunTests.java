package dev.ariel.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Child-JVM main: runs the JUnit test classes named in its arguments (whatever their tags) and
 * prints a summary, each failure with its stack trace. Exits 0 if all passed, 1 if any failed, 2
 * if none ran. See {@code IsolatedTestsTest}, which runs it with {@link ChildJvm}.
 */
public final class RunTests {
    private RunTests() {}

    public static void main(String[] args) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String name : args) request.selectors(selectClass(name));
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(built, listener);
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        summary.printTo(out);
        summary.printFailuresTo(out, 40);
        out.flush();
        long ran = summary.getTestsFoundCount();
        System.exit(ran == 0 ? 2 : summary.getTotalFailureCount() == 0 ? 0 : 1);
    }
}
