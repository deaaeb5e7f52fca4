package io.github.nettyserial.benchmarks;

import com.fazecast.jSerialComm.SerialPort;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialEventLoopGroup;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One side of the scale scenario, in a JVM of its own so that threads and resident memory belong to one
 * contender: opens every port listed in a file, echoes on each, and reports on commands from stdin
 * ({@code idle MILLIS}, {@code go}, {@code stop}, {@code quit}).
 *
 * <p>Usage: {@code ScaleWorker netty|jsc PATHS_FILE}.
 */
public final class ScaleWorker {

    private ScaleWorker() {
    }

    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg, ctx.voidPromise());
        }
    }

    static final class JscEcho extends JscListenerApp.Reader {
        JscEcho() {
            super(4096);
        }

        @Override
        void received(int n) {
            port.writeBytes(buf, n);
        }
    }

    public static void main(String[] args) throws Exception {
        String contender = args[0];
        List<String> paths = Files.readAllLines(Path.of(args[1]));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        boolean netty = contender.equals("netty");
        EventLoopGroup group = null;
        Bootstrap bootstrap = null;
        if (netty) {
            // One loop thread for every port: the claim under test.
            group = new SerialEventLoopGroup(1);
            bootstrap = new Bootstrap().group(group).channel(SerialChannel.class).handler(new Echo());
        } else {
            SerialPort.getCommPort(paths.get(0)); // loads the native library before the baseline
        }
        settle();
        System.out.println("BASE " + ProcFs.threads() + " " + ProcFs.rssKib());
        long t0 = System.nanoTime();
        for (String path : paths) {
            if (netty) {
                bootstrap.connect(new SerialDeviceAddress(path)).sync();
            } else {
                JscListenerApp.openWithListener(path, new JscEcho());
            }
        }
        long openMillis = (System.nanoTime() - t0) / 1_000_000;
        settle();
        System.out.println("OPEN " + ProcFs.threads() + " " + ProcFs.rssKib() + " " + openMillis);
        // The loop thread's own CPU (netty only): the JVM's housekeeping threads tick now and then on their own.
        String loopTask = netty ? group.next().submit(() -> Files.readSymbolicLink(Path.of("/proc/thread-self"))
                .getFileName().toString()).get() : null;
        long cpu0 = 0;
        long jit0 = 0;
        for (String line; (line = in.readLine()) != null; ) {
            String[] cmd = line.split(" ");
            switch (cmd[0]) {
                case "idle" -> {
                    long c = ProcFs.cpuTicks();
                    long l = loopTask == null ? 0 : ProcFs.threadCpuTicks(loopTask);
                    Thread.sleep(Long.parseLong(cmd[1]));
                    long loop = loopTask == null ? -1 : ProcFs.threadCpuTicks(loopTask) - l;
                    System.out.println("IDLE " + (ProcFs.cpuTicks() - c) + " " + loop);
                }
                case "go" -> {
                    cpu0 = ProcFs.cpuTicks();
                    jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                    System.out.println("OK");
                }
                // The JIT's compilation time since "go" tells the harness whether the warm-up is over.
                case "stop" -> System.out.println("CPU " + (ProcFs.cpuTicks() - cpu0) + " " + ProcFs.threads() + " "
                        + (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0));
                case "quit" -> {
                    System.out.flush();
                    // Closing a thousand ports is not what is measured; the OS closes them on exit.
                    Runtime.getRuntime().halt(0);
                }
                default -> System.out.println("ERR " + line);
            }
        }
    }

    private static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(300);
        System.gc();
        Thread.sleep(200);
    }
}
