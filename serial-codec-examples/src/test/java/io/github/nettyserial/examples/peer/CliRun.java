package io.github.nettyserial.examples.peer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.cli.SerialTool;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The serial tool run in the background, with a wait for a line it prints once the port is open. */
final class CliRun {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CompletableFuture<Integer> exit;

    CliRun(String readyText, String... args) {
        PrintWriter o = new PrintWriter(new Watch(out, readyText), true);
        PrintWriter e = new PrintWriter(new Watch(err, readyText), true);
        exit = CompletableFuture.supplyAsync(() -> SerialTool.execute(args, o, e));
    }

    /** Waits until the tool printed the ready text (on stdout or stderr). */
    CliRun awaitReady() throws InterruptedException {
        assertTrue(ready.await(30, TimeUnit.SECONDS),
                "the tool did not get ready:\n" + out + err);
        return this;
    }

    ModbusPeerTest.Result finish(long seconds) throws Exception {
        int code = exit.get(seconds, TimeUnit.SECONDS);
        return new ModbusPeerTest.Result(code, out.toString(), err.toString());
    }

    String out() {
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
