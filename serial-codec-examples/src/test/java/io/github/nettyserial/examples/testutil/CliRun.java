package io.github.nettyserial.examples.testutil;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.cli.SerialTool;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The serial tool run in the background, with a wait for a line it prints once the port is open. */
public final class CliRun {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CompletableFuture<Integer> exit;

    /** The exit code and what the tool printed. */
    public record Result(int code, String out, String err) {
    }

    /** Runs the tool to its end in this thread. */
    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SerialTool.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /** Starts the tool in the background; {@code readyText} is what {@link #awaitReady()} waits for. */
    public CliRun(String readyText, String... args) {
        PrintWriter o = new PrintWriter(new Watch(out, readyText), true);
        PrintWriter e = new PrintWriter(new Watch(err, readyText), true);
        exit = CompletableFuture.supplyAsync(() -> SerialTool.execute(args, o, e));
    }

    /** Waits until the tool printed the ready text (on stdout or stderr). */
    public CliRun awaitReady() throws InterruptedException {
        assertTrue(ready.await(30, TimeUnit.SECONDS),
                "the tool did not get ready:\n" + out + err);
        return this;
    }

    public Result finish(long seconds) throws Exception {
        int code = exit.get(seconds, TimeUnit.SECONDS);
        return new Result(code, out.toString(), err.toString());
    }

    public String out() {
        synchronized (out.getBuffer()) {
            return out.toString();
        }
    }

    private final class Watch extends java.io.Writer {
        private final StringWriter target;
        private final String text;

        Watch(StringWriter target, String text) {
            this.target = target;
            this.text = text;
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            synchronized (target.getBuffer()) {
                target.write(cbuf, off, len);
            }
        }

        @Override
        public void flush() {
            synchronized (target.getBuffer()) {
                if (target.toString().contains(text)) {
                    ready.countDown();
                }
            }
        }

        @Override
        public void close() {
        }
    }
}
