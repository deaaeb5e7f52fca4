package io.github.nettyserial.examples.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** {@code --duration SECONDS}: how long a command that runs until Ctrl-C may run. */
final class RunTime {

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds.")
    Double seconds;

    void validate() throws Errors.UsageException {
        if (seconds != null) {
            Errors.positive("--duration", seconds);
        }
    }

    /** Waits until {@code done} or the duration is over; true if {@code done}. */
    boolean await(CountDownLatch done) throws InterruptedException {
        if (seconds == null) {
            done.await();
            return true;
        }
        return done.await((long) (seconds * 1000), TimeUnit.MILLISECONDS);
    }

    boolean limited() {
        return seconds != null;
    }
}
