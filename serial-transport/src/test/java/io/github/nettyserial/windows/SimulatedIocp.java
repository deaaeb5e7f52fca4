package io.github.nettyserial.windows;

import io.github.nettyserial.windows.sim.SimKernel;
import io.netty.channel.IoHandlerFactory;

/**
 * A fixture for code outside this package (the benchmarks) that wants the IOCP loop without Windows: a
 * simulated kernel with two COM ports wired as a null-modem pair, and the handler factory over it. Shipped in
 * serial-transport's test-jar.
 */
public final class SimulatedIocp implements AutoCloseable {
    private final SimKernel kernel = new SimKernel();

    /**
     * @param a the name of one port, e.g. {@code COM10}
     * @param b the name of the other
     */
    public SimulatedIocp(String a, String b) {
        kernel.createPair(a, b);
    }

    /** An IOCP handler factory over this kernel; every loop made from it shares the kernel. */
    public IoHandlerFactory ioHandlerFactory() {
        return IocpIoHandler.newFactory(kernel);
    }

    /** Completion packets dequeued so far, by every loop on this kernel. */
    public long packetsDequeued() {
        return kernel.packetCounts()[1];
    }

    /** Stops the kernel's device threads; call after the loops have shut down. */
    @Override
    public void close() {
        kernel.shutdown();
    }
}
