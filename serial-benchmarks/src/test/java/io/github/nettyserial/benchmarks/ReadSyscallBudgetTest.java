package io.github.nettyserial.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.testkit.VirtualSerialPort;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The syscall budget of a read, counted by strace on the event-loop thread: when a message fits the read
 * buffer, each readiness event costs exactly one read(2) — no second read that only returns EAGAIN.
 */
class ReadSyscallBudgetTest {

    private static final int MESSAGES = 20;
    private static final int SIZE = 32;
    private static final Pattern READ = Pattern.compile("^read\\((\\d+), .*\\) += (-?\\d+)(.*)$");

    @Test
    void oneReadPerReadinessEventAndNoEagainRead() throws Exception {
        Path strace = onPath("strace");
        assertNotNull(strace, "strace is not installed, so the read syscall budget cannot be checked "
                + "(install the Debian package strace)");
        Path log = Files.createTempFile("read-budget", ".strace");
        EventLoopGroup group = new SerialEventLoopGroup(1);
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            AtomicLong received = new AtomicLong();
            Set<Integer> before = fdsOf(port.path());
            Channel ch = new Bootstrap().group(group).channel(SerialChannel.class)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            received.addAndGet(((ByteBuf) msg).readableBytes());
                            ((ByteBuf) msg).release();
                        }
                    })
                    .connect(port.address()).sync().channel();
            Set<Integer> channelFds = fdsOf(port.path());
            channelFds.removeAll(before);
            assertEquals(1, channelFds.size(), "the channel should hold one new descriptor on " + port.path());
            int fd = channelFds.iterator().next();
            String tid = ch.eventLoop().submit(() -> Files.readSymbolicLink(Path.of("/proc/thread-self"))
                    .getFileName().toString()).get();

            Process tracer = new ProcessBuilder(strace.toString(), "-p", tid, "-e", "trace=read", "-e", "signal=none",
                    "-o", log.toString()).redirectErrorStream(true).start();
            try {
                awaitAttached(tracer);
                byte[] message = new byte[SIZE];
                for (int i = 1; i <= MESSAGES; i++) {
                    port.deviceOutput().write(message);
                    port.deviceOutput().flush();
                    // One message per readiness event: the next is written only after this one was read.
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (received.get() < (long) i * SIZE) {
                        if (System.nanoTime() > deadline) {
                            fail("message " + i + " did not arrive; received " + received.get() + " bytes");
                        }
                        Thread.onSpinWait();
                    }
                }
            } finally {
                tracer.destroy(); // SIGTERM: strace detaches and flushes its log
                assertTrue(tracer.waitFor(10, TimeUnit.SECONDS), "strace did not exit");
            }
            ch.close().sync();

            List<String> reads = new ArrayList<>();
            int eagain = 0;
            for (String line : Files.readAllLines(log)) {
                Matcher m = READ.matcher(line.trim());
                if (m.matches() && Integer.parseInt(m.group(1)) == fd) {
                    reads.add(line);
                    if (m.group(3).contains("EAGAIN")) {
                        eagain++;
                    } else {
                        assertEquals(SIZE, Integer.parseInt(m.group(2)), "a read returned a partial message: " + line);
                    }
                }
            }
            assertEquals(0, eagain, "reads that only returned EAGAIN on fd " + fd + ":\n" + String.join("\n", reads));
            assertEquals(MESSAGES, reads.size(),
                    "expected one read(2) per message on fd " + fd + ", got:\n" + String.join("\n", reads));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            Files.deleteIfExists(log);
        }
    }

    /** Waits until strace reports that it has attached (it prints that before tracing starts). */
    private static void awaitAttached(Process tracer) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(tracer.getInputStream()));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.contains("attached")) {
                return;
            }
        }
        fail("strace could not attach to the event-loop thread (ptrace not permitted?):\n" + seen);
    }

    /** Descriptors of this process open on {@code path}. */
    private static Set<Integer> fdsOf(String path) throws IOException {
        Set<Integer> fds = new HashSet<>();
        try (var dir = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) dir::iterator) {
                try {
                    if (Files.readSymbolicLink(p).toString().equals(path)) {
                        fds.add(Integer.parseInt(p.getFileName().toString()));
                    }
                } catch (IOException ignored) {
                    // closed while listing
                }
            }
        }
        return fds;
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
