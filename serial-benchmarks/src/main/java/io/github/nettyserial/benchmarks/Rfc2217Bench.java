package io.github.nettyserial.benchmarks;

import gnu.io.SerialPort;
import gnu.io.rfc2217.TelnetSerialPort;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.UnsupportedPolicy;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remote ports: RFC 2217 clients against one ser2net whose devices are the benchmark's echoing pseudo-terminals.
 * (a) Sequential 1-byte round trips on one port: SerialChannel on {@code rfc2217://}, pyserial's
 * {@code rfc2217://} client, nrjavaserial's {@code gnu.io.rfc2217} (from Maven Central) and a bare blocking socket
 * as the floor. (b) 256 remote ports each in a closed ping-pong loop: SerialChannels on one event-loop thread vs
 * a thread per port with blocking sockets.
 */
final class Rfc2217Bench {
    private Rfc2217Bench() {
    }

    interface Rtt {
        long[] run(int size, int count) throws Exception;
    }

    static String run(boolean quick, NettySerialApp netty) throws Exception {
        StringBuilder out = new StringBuilder();
        out.append(rtt(quick, netty));
        out.append(scale(quick));
        return out.toString();
    }

    // ------------------------------------------------------------------ (a) round-trip time

    private static String rtt(boolean quick, NettySerialApp netty) throws Exception {
        int rounds = quick ? 2 : 5;
        int perRound = quick ? 500 : 2_000;
        int warmup = quick ? 500 : 2_000;
        Table t = new Table(String.format(Locale.ROOT,
                "7. RFC 2217: round-trip time through ser2net to an echoing pty (µs; 1 byte; %d alternating rounds "
                        + "× %d round trips per contender after %d warm-up)", rounds, perRound, warmup),
                "contender", "threads per port", "p50", "p99", "p99.9", "p50 / blocking socket",
                "client CPU µs per round trip");
        EventLoopGroup group = new SerialEventLoopGroup(1);
        try (PtyDevice device = new PtyDevice(1); Ser2netServer ser2net = new Ser2netServer(device.paths())) {
            device.call("echo");
            Map<String, Rtt> contenders = new LinkedHashMap<>();
            contenders.put("blocking socket + Telnet handshake (floor)", (size, n) -> socketRtt(ser2net.port(0), size, n));
            contenders.put("SerialChannel rfc2217:// (epoll)", (size, n) -> nettyRtt(netty, group, ser2net.url(0), size, n));
            contenders.put("pyserial 3.5 rfc2217://", (size, n) -> pyserialRtt(ser2net.url(0), size, n));
            contenders.put("nrjavaserial 5.2.1 gnu.io.rfc2217", (size, n) -> nrjavaserialRtt(ser2net.port(0), size, n));
            String[] threads = {"1 (the caller)", "0 (shares the loop)", "2 (caller + reader)", "2 (caller + reader)"};
            Map<String, long[]> samples = new LinkedHashMap<>();
            Map<String, Double> cpu = new LinkedHashMap<>();
            Map<String, String> failures = new LinkedHashMap<>();
            for (String name : contenders.keySet()) {
                try {
                    contenders.get(name).run(1, warmup);
                    samples.put(name, new long[0]);
                    cpu.put(name, 0.0);
                } catch (Throwable e) {
                    failures.put(name, e.toString());
                    System.err.println("FAILED " + name + ": " + e);
                }
            }
            for (int round = 0; round < rounds; round++) {
                List<String> order = new ArrayList<>(samples.keySet());
                java.util.Collections.rotate(order, -round);
                for (String name : order) {
                    if (failures.containsKey(name)) {
                        continue;
                    }
                    device.call("flush");
                    device.call("echo");
                    long ticks = ProcFs.cpuTicks();
                    lastPythonCpuMicros = Double.NaN;
                    try {
                        long[] s = contenders.get(name).run(1, perRound);
                        double c = Double.isNaN(lastPythonCpuMicros)
                                ? (ProcFs.cpuTicks() - ticks) * 1e6 / ProcFs.TICKS_PER_SECOND : lastPythonCpuMicros;
                        samples.put(name, Stats.concat(samples.get(name), s));
                        cpu.merge(name, c, Double::sum);
                    } catch (Throwable e) {
                        failures.put(name, e.toString());
                        System.err.println("FAILED " + name + ": " + e);
                    }
                }
            }
            long floor = -1;
            int i = 0;
            for (String name : contenders.keySet()) {
                long[] s = samples.get(name);
                if (s == null || s.length == 0 || failures.containsKey(name)) {
                    t.row(name, threads[i++], "failed: " + failures.get(name), "", "", "", "");
                    continue;
                }
                long[] sorted = s.clone();
                Arrays.sort(sorted);
                long p50 = Stats.sortedPercentile(sorted, 50);
                if (floor < 0) {
                    floor = p50;
                }
                t.row(name, threads[i++], Stats.micros(p50), Stats.micros(Stats.sortedPercentile(sorted, 99)),
                        Stats.micros(Stats.sortedPercentile(sorted, 99.9)), Stats.ratio(p50, floor),
                        Stats.fixed(cpu.get(name) / s.length, 1));
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        return t.toString();
    }

    /**
     * ser2net cannot set DTR or RTS on a pty and never answers SET-CONTROL for them: the channel waits its reply
     * timeout at connect and, with the IGNORE policy, goes on (connect time is not measured).
     */
    private static Bootstrap remote(EventLoopGroup group, io.netty.channel.ChannelHandler handler) {
        return new Bootstrap().group(group).channel(SerialChannel.class)
                .option(SerialChannelOption.UNSUPPORTED_POLICY, UnsupportedPolicy.IGNORE).handler(handler);
    }

    private static long[] nettyRtt(NettySerialApp netty, EventLoopGroup group, String url, int size, int count)
            throws Exception {
        NettySerialApp.Pinger p = netty.new Pinger(size, count);
        Channel ch = remote(group, p).connect(new SerialDeviceAddress(url)).sync().channel();
        try {
            ch.eventLoop().execute(p::start);
            return p.done.get();
        } finally {
            ch.close().sync();
        }
    }

    private static long[] socketRtt(int port, int size, int count) throws Exception {
        byte[] msg = NettySerialApp.payload(size, 'p');
        long[] ns = new long[count];
        try (TelnetSocketPort p = new TelnetSocketPort(port)) {
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                p.write(msg);
                p.readData(size);
                ns[i] = System.nanoTime() - t0;
            }
        }
        return ns;
    }

    /** CPU time of the last pyserial run, measured inside its process. */
    private static double lastPythonCpuMicros = Double.NaN;

    private static long[] pyserialRtt(String url, int size, int count) throws Exception {
        Path script = Files.createTempFile("pyserial_rfc2217_rtt", ".py");
        try {
            try (InputStream in = Rfc2217Bench.class.getResourceAsStream("pyserial_rfc2217_rtt.py")) {
                Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            // ser2net does not answer SET-CONTROL for a pty: pyserial needs ign_set_control or fails at open.
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), url + "?ign_set_control",
                    String.valueOf(size), "0", String.valueOf(count)).redirectErrorStream(true).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            String samples = r.readLine();
            String cpu = r.readLine();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || cpu == null) {
                p.destroyForcibly();
                throw new IllegalStateException("pyserial run failed: " + samples);
            }
            lastPythonCpuMicros = Double.parseDouble(cpu.trim());
            return Arrays.stream(samples.trim().split(" ")).mapToLong(Long::parseLong).toArray();
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static long[] nrjavaserialRtt(int port, int size, int count) throws Exception {
        byte[] msg = NettySerialApp.payload(size, 'p');
        long[] ns = new long[count];
        TelnetSerialPort p = new TelnetSerialPort();
        p.getTelnetClient().connect("127.0.0.1", port);
        try {
            p.setSerialPortParams(115_200, SerialPort.DATABITS_8, SerialPort.STOPBITS_1, SerialPort.PARITY_NONE);
            InputStream in = p.getInputStream();
            OutputStream o = p.getOutputStream();
            byte[] buf = new byte[size];
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                o.write(msg);
                o.flush();
                for (int got = 0; got < size; ) {
                    int n = in.read(buf, got, size - got);
                    if (n < 0) {
                        throw new IllegalStateException("nrjavaserial: end of stream");
                    }
                    got += n;
                }
                ns[i] = System.nanoTime() - t0;
            }
        } finally {
            p.close();
        }
        return ns;
    }

    // ------------------------------------------------------------------ (b) many remote ports

    private static String scale(boolean quick) throws Exception {
        int ports = 256;
        int millis = quick ? 2_000 : 5_000;
        int rounds = quick ? 1 : 3;
        Table t = new Table(String.format(Locale.ROOT,
                "8. RFC 2217: %d remote ports through one ser2net, each in a closed 1-byte ping-pong loop for %d ms "
                        + "(%d alternating rounds; median shown)", ports, millis, rounds),
                "contender", "client threads", "round trips/s (all ports)", "client CPU µs per round trip",
                "ser2net CPU µs per round trip");
        try (PtyDevice device = new PtyDevice(ports); Ser2netServer ser2net = new Ser2netServer(device.paths())) {
            device.call("echo");
            double[][] rate = new double[2][rounds];
            double[][] cpu = new double[2][rounds];
            double[][] serverCpu = new double[2][rounds];
            String[] failed = new String[2];
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < 2; k++) {
                    int which = (k + round) % 2;
                    if (failed[which] != null) {
                        continue;
                    }
                    try {
                        Window w = new Window(ser2net.pid(), millis);
                        long n = which == 0 ? loopScale(ser2net, ports, w) : threadScale(ser2net, ports, w);
                        rate[which][round] = n * 1000.0 / millis;
                        cpu[which][round] = w.clientTicks * 1e6 / ProcFs.TICKS_PER_SECOND / n;
                        serverCpu[which][round] = w.serverTicks * 1e6 / ProcFs.TICKS_PER_SECOND / n;
                    } catch (Throwable e) {
                        failed[which] = e.toString();
                        System.err.println("FAILED scale " + which + ": " + e);
                    }
                }
            }
            String[] names = {"SerialChannel rfc2217:// on one loop", "blocking sockets, a thread per port"};
            String[] threads = {"1", String.valueOf(ports)};
            for (int k = 0; k < 2; k++) {
                if (failed[k] != null) {
                    t.row(names[k], threads[k], "failed: " + failed[k], "", "");
                } else {
                    t.row(names[k], threads[k], Stats.fixed(Stats.median(rate[k]), 0), Stats.fixed(Stats.median(cpu[k]), 1),
                            Stats.fixed(Stats.median(serverCpu[k]), 1));
                }
            }
        }
        return t.toString();
    }

    /** The measured window (after a quarter of it as warm-up): round trips counted, CPU of both processes. */
    private static final class Window {
        final long serverPid;
        final int millis;
        long clientTicks;
        long serverTicks;

        Window(long serverPid, int millis) {
            this.serverPid = serverPid;
            this.millis = millis;
        }

        long measure(AtomicLong count) throws Exception {
            Thread.sleep(millis / 4);
            long c0 = count.get();
            long t0 = ProcFs.cpuTicks();
            long s0 = processTicks(serverPid);
            Thread.sleep(millis);
            long n = count.get() - c0;
            clientTicks = ProcFs.cpuTicks() - t0;
            serverTicks = processTicks(serverPid) - s0;
            return n;
        }
    }

    private static long processTicks(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    /** Every port on one loop thread: each read writes the next byte. */
    private static long loopScale(Ser2netServer ser2net, int ports, Window window) throws Exception {
        EventLoopGroup group = new SerialEventLoopGroup(1);
        AtomicLong count = new AtomicLong();
        List<Channel> channels = new ArrayList<>();
        try {
            List<ChannelFuture> connects = new ArrayList<>();
            for (int i = 0; i < ports; i++) {
                connects.add(remote(group, new PingPong(count)).connect(new SerialDeviceAddress(ser2net.url(i))));
            }
            for (ChannelFuture f : connects) {
                channels.add(f.sync().channel());
            }
            for (Channel c : channels) {
                c.eventLoop().execute(() -> c.pipeline().get(PingPong.class).send(c));
            }
            return window.measure(count);
        } finally {
            for (Channel c : channels) {
                c.close();
            }
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        }
    }

    private static final class PingPong extends ChannelInboundHandlerAdapter {
        private final AtomicLong count;

        PingPong(AtomicLong count) {
            this.count = count;
        }

        void send(Channel c) {
            c.writeAndFlush(c.alloc().directBuffer(1).writeByte('p'), c.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            int n = ((ByteBuf) msg).readableBytes();
            ((ByteBuf) msg).release();
            for (int i = 0; i < n; i++) {
                count.incrementAndGet();
                send(ctx.channel());
            }
        }
    }

    /** A thread per port with a blocking socket, the classic client's shape. */
    private static long threadScale(Ser2netServer ser2net, int ports, Window window) throws Exception {
        AtomicLong count = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<TelnetSocketPort> sockets = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(ports);
        stop = false;
        try {
            for (int i = 0; i < ports; i++) {
                TelnetSocketPort p = new TelnetSocketPort(ser2net.port(i));
                sockets.add(p);
                Thread th = new Thread(() -> {
                    byte[] msg = {'p'};
                    ready.countDown();
                    try {
                        while (!stop) {
                            p.write(msg);
                            p.readData(1);
                            count.incrementAndGet();
                        }
                    } catch (Exception e) {
                        if (!stop) {
                            System.err.println("thread-per-port client: " + e);
                        }
                    }
                }, "rfc2217-port-" + i);
                th.setDaemon(true);
                threads.add(th);
                th.start();
            }
            ready.await();
            return window.measure(count);
        } finally {
            stop = true;
            for (TelnetSocketPort p : sockets) {
                p.close();
            }
            for (Thread th : threads) {
                th.join(2_000);
            }
        }
    }

    private static volatile boolean stop;
}
