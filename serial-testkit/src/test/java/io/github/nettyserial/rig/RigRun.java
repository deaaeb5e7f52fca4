package io.github.nettyserial.rig;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/** What one boot of a rig machine produced: the guest console, the guest's test results, timing. */
record RigRun(String machine, String console, List<RigResult> results, Duration elapsed, int exitCode,
              boolean timedOut, String notStartedReason) {

    static RigRun notStarted(String machine, String reason) {
        return new RigRun(machine, "", List.of(), Duration.ZERO, -1, false, reason);
    }

    /**
     * The guest's tests as host tests, plus one that checks the machine itself booted, ran them all and
     * powered off. A machine that did not boot fails here, with its console; it is never skipped.
     */
    Stream<DynamicTest> asDynamicTests(int expectedAtLeast) {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest(machine + ": boots, runs the guest tests and powers off", () -> {
            if (notStartedReason != null) {
                fail(notStartedReason);
            }
            System.out.printf("rig %s: %d guest tests, %.1f s from boot to power-off%n",
                    machine, results.size(), elapsed.toMillis() / 1000.0);
            if (timedOut) {
                fail("the " + machine + " machine did not power off in time; guest console:\n" + console);
            }
            if (!console.contains("RIG: guest ready")) {
                fail("the " + machine + " machine did not boot (QEMU exit code " + exitCode + " after "
                        + elapsed.toMillis() + " ms; -Drig.kernelLog=true shows the kernel's messages too); guest console:\n"
                        + console);
            }
            if (!console.contains("RIG: java exit 0")) {
                fail("the guest JVM did not finish cleanly; guest console:\n" + console);
            }
            if (console.contains("LEAK:")) {
                fail("Netty reported a buffer leak in the guest (paranoid leak detection); guest console:\n" + console);
            }
            if (results.size() < expectedAtLeast) {
                fail("expected at least " + expectedAtLeast + " guest tests, got " + results.size()
                        + "; guest console:\n" + console);
            }
        }));
        for (RigResult r : results) {
            tests.add(DynamicTest.dynamicTest(machine + ": " + r.name(), () -> {
                if (!r.successful()) {
                    fail("in the guest: " + r.status() + "\n" + r.detail());
                }
            }));
        }
        return tests.stream();
    }
}
