package io.github.nettyserial.examples.cli;

import io.github.nettyserial.examples.xmodem.XmodemProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A one-line progress display on stderr for a file transfer: bytes, rate and, when the size is known, the time
 * left; redrawn with CR at most five times a second. Runs on the loop, so it only formats and prints.
 */
final class TransferProgress implements XmodemProgress {

    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final PrintWriter err;
    private final long startNanos = System.nanoTime();
    private long lastDraw = startNanos - REDRAW_NANOS;
    private int lastWidth;
    private String undrawn; // the latest state, when the redraw limit held it back

    TransferProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void progress(String name, long bytes, long total) {
        long now = System.nanoTime();
        String text = line(name, bytes, total, (now - startNanos) / 1e9);
        if (now - lastDraw < REDRAW_NANOS && (total < 0 || bytes < total)) {
            undrawn = text;
            return;
        }
        lastDraw = now;
        draw(text);
    }

    private void draw(String text) {
        undrawn = null;
        err.print("\r" + text + " ".repeat(Math.max(0, lastWidth - text.length())));
        err.flush();
        lastWidth = text.length();
    }

    /** Draws the latest state and ends the line, if one was drawn. */
    void end() {
        if (undrawn != null) {
            draw(undrawn);
        }
        if (lastWidth > 0) {
            err.println();
            err.flush();
        }
    }

    /** {@code firmware.bin 12.5 kB / 64.0 kB (19 %), 1.4 kB/s, 0:37 left}. */
    static String line(String name, long bytes, long total, double seconds) {
        double rate = seconds > 0 ? bytes / seconds : 0;
        StringBuilder sb = new StringBuilder();
        if (name != null) {
            sb.append(name).append(' ');
        }
        sb.append(kB(bytes));
        if (total > 0) {
            sb.append(" / ").append(kB(total)).append(String.format(Locale.ROOT, " (%d %%)", bytes * 100 / total));
        }
        sb.append(", ").append(kB((long) rate)).append("/s");
        if (total > 0 && rate > 0) {
            long left = (long) Math.ceil(Math.max(0, total - bytes) / rate);
            sb.append(String.format(Locale.ROOT, ", %d:%02d left", left / 60, left % 60));
        }
        return sb.toString();
    }

    private static String kB(long bytes) {
        return String.format(Locale.ROOT, "%.1f kB", bytes / 1000.0);
    }

    /**
     * Whether stderr is a terminal: on Linux, where /proc/self/fd/2 points; elsewhere, whether the JVM has a
     * console (stdin and stdout interactive), the closest Java 17 offers.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
