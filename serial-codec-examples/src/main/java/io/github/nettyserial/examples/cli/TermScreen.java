package io.github.nettyserial.examples.cli;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The screen of {@code serial term}, shared by the port's loop thread (what arrives), the keyboard thread (local
 * echo) and the menu (status lines): whole calls do not interleave, each line starts with a time stamp when
 * asked for, and status lines ({@code --- ...}) always stand on a line of their own.
 */
final class TermScreen {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintWriter writer;
    private final OutputStream raw;
    private final boolean timestamps;
    private boolean atLineStart = true;

    TermScreen(PrintWriter writer, OutputStream raw, boolean timestamps) {
        this.writer = writer;
        this.raw = raw;
        this.timestamps = timestamps;
    }

    /** Shows text whose new lines are {@code \n}. */
    synchronized void show(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (atLineStart && timestamps) {
                writer.print('[' + LocalTime.now().format(TIME) + "] ");
            }
            writer.print(c);
            atLineStart = c == '\n';
        }
        writer.flush();
    }

    /** Passes bytes to the terminal untouched ({@code --raw}). */
    synchronized void showRaw(ByteBuf bytes) {
        try {
            bytes.getBytes(bytes.readerIndex(), raw, bytes.readableBytes());
            raw.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line of the tool's own, {@code --- message ---}, on a line of its own. */
    synchronized void status(String message) {
        writer.print((atLineStart ? "" : "\n") + "--- " + message + " ---\n");
        writer.flush();
        atLineStart = true;
    }
}
