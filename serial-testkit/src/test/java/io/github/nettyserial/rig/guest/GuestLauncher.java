package io.github.nettyserial.rig.guest;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs inside the QEMU guest: executes the JUnit classes named on the command line and writes one line per
 * test to {@code RUN/results.tsv} ({@link RigResult} format), which the host turns into its own assertions.
 */
public final class GuestLauncher {

    private GuestLauncher() {
    }

    public static void main(String[] args) throws IOException {
        Path results = RigGuest.runDir().resolve("results.tsv");
        Files.deleteIfExists(results);
        ClassSelector[] selectors = new ClassSelector[args.length];
        for (int i = 0; i < args.length; i++) {
            selectors[i] = selectClass(args[i]);
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
        Recorder recorder = new Recorder(results);
        LauncherFactory.create().execute(request, recorder);
        System.out.println("RIG: guest tests done: " + recorder.count + " run, " + recorder.failed + " not successful");
        System.exit(0);
    }

    /** Appends each finished or skipped test to the results file as soon as it ends, so a hang loses nothing. */
    private static final class Recorder implements TestExecutionListener {
        private final Path file;
        private final ConcurrentHashMap<String, Long> started = new ConcurrentHashMap<>();
        private TestPlan plan;
        private int count;
        private int failed;

        Recorder(Path file) {
            this.file = file;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            started.put(id.getUniqueId(), System.nanoTime());
            if (id.isTest()) {
                System.out.println("RIG: test " + name(id));
            }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            // A disabled test in the rig is a hole in what it proves: report it, and the host fails it.
            record(id, "SKIPPED", 0, reason);
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            long millis = (System.nanoTime() - started.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1_000_000;
            Optional<Throwable> cause = result.getThrowable();
            // Containers are reported only when they fail (a @BeforeAll, say), under their own name.
            if (!id.isTest() && (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
                    || id.getParentId().isEmpty())) {
                return;
            }
            record(id, result.getStatus().name(), millis, cause.map(GuestLauncher::stackTrace).orElse(""));
        }

        private synchronized void record(TestIdentifier id, String status, long millis, String detail) {
            count++;
            if (!"SUCCESSFUL".equals(status)) {
                failed++;
            }
            String line = status + '\t' + name(id) + '\t' + millis + '\t'
                    + Base64.getEncoder().encodeToString(detail.getBytes(StandardCharsets.UTF_8)) + '\n';
            try {
                Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            System.out.println("RIG: " + status + " " + name(id) + " (" + millis + " ms)");
        }

        private String name(TestIdentifier id) {
            String parent = id.getParentId().flatMap(p -> plan.getTestIdentifier(p) == null
                    ? Optional.empty() : Optional.of(plan.getTestIdentifier(p).getDisplayName())).orElse("");
            return parent.isEmpty() ? id.getDisplayName() : parent + " > " + id.getDisplayName();
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
