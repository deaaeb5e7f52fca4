package io.github.nettyserial.rig;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A client of QEMU's human monitor on a unix socket: one command at a time, reply read up to the next prompt. */
final class QemuMonitor implements AutoCloseable {
    private static final String PROMPT = "(qemu) ";

    private final SocketChannel channel;

    QemuMonitor(Path socket) throws IOException {
        channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        readToPrompt(); // the banner
    }

    /** Executes {@code command}; returns what the monitor printed for it (empty on silent success). */
    synchronized String execute(String command) throws IOException {
        channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
        String reply = readToPrompt();
        // The monitor echoes the command line (with terminal escapes) before its output.
        String clean = reply.replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "").replace("\r", "");
        int echo = clean.indexOf(command);
        if (echo >= 0) {
            clean = clean.substring(echo + command.length());
        }
        return clean.strip();
    }

    private String readToPrompt() throws IOException {
        StringBuilder sb = new StringBuilder();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (sb.indexOf(PROMPT) < 0) {
            buf.clear();
            if (channel.read(buf) < 0) {
                throw new IOException("QEMU monitor closed the connection; so far: " + sb);
            }
            buf.flip();
            sb.append(StandardCharsets.UTF_8.decode(buf));
        }
        return sb.substring(0, sb.lastIndexOf(PROMPT));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
