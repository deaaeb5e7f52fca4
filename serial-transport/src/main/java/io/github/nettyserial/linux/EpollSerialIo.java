package io.github.nettyserial.linux;

import io.github.nettyserial.SerialDisconnectedException;
import io.github.nettyserial.internal.Registrations;
import io.github.nettyserial.internal.SerialChannelContext;
import io.github.nettyserial.internal.SerialIo;
import io.github.nettyserial.internal.SerialPort;
import io.github.nettyserial.internal.SerialSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.IovArray;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The data path of a tty on Netty's epoll loop, level-triggered. EPOLLIN is armed while a read is wanted,
 * EPOLLOUT only while the kernel's output queue is full, EPOLLERR always (a mask of 0 must never be
 * submitted: Netty 4.2.13+ deletes the fd then). A hang-up shows as EPOLLHUP, a read of 0 (EOF) or EIO,
 * and ends the channel with {@link SerialDisconnectedException}.
 */
final class EpollSerialIo implements SerialIo {
    private static final int EPOLLIN = EpollIoOps.EPOLLIN.value();
    private static final int EPOLLOUT = EpollIoOps.EPOLLOUT.value();
    private static final int EPOLLERR = EpollIoOps.EPOLLERR.value();
    /**
     * The four interest sets this channel uses (ERR with or without IN and OUT), built once: Netty caches
     * only single-flag values, and a new one per change would allocate on every backpressure turn.
     */
    private static final EpollIoOps[] INTEREST = new EpollIoOps[4];

    static {
        for (int i = 0; i < INTEREST.length; i++) {
            INTEREST[i] = EpollIoOps.valueOf(EPOLLERR | ((i & 1) != 0 ? EPOLLIN : 0) | ((i & 2) != 0 ? EPOLLOUT : 0));
        }
    }

    /** One iovec array per loop thread for gathering writes, as Netty's epoll channels share theirs. */
    private static final FastThreadLocal<IovArray> IOV = new FastThreadLocal<>() {
        @Override
        protected IovArray initialValue() {
            return new IovArray();
        }

        @Override
        protected void onRemoval(IovArray value) {
            value.release();
        }
    };

    private final SerialChannelContext ctx;
    private final LinuxSerialPort port;
    private final FileDescriptor fd;
    private final Handle handle = new Handle();
    private IoRegistration registration;
    private int ops = EPOLLERR;
    private boolean closed;

    EpollSerialIo(SerialChannelContext ctx, LinuxSerialPort port) {
        this.ctx = ctx;
        this.port = port;
        this.fd = port.fd();
    }

    @Override
    public SerialPort port() {
        return port;
    }

    /**
     * What the epoll loop sees. A separate object, because its {@code close()} means "the loop is shutting
     * down: close the channel", which is not {@link SerialIo#close()}.
     */
    final class Handle implements EpollIoHandle {
        @Override
        public FileDescriptor fd() {
            return fd;
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            ready(((EpollIoEvent) event).ops().value());
        }

        @Override
        public void close() {
            ctx.closeNow();
        }
    }

    @Override
    public Future<SerialSettings> register(IoEventLoop loop) {
        return Registrations.register(loop, handle, reg -> {
            if (closed) {
                reg.cancel(); // closed while the registration was on its way
                return null;
            }
            registration = reg;
            reg.submit(interest(ops));
            return port.settingsInEffect();
        });
    }

    @Override
    public void deregister() {
        IoRegistration reg = registration;
        registration = null;
        if (reg != null) {
            reg.cancel();
        }
    }

    private static EpollIoOps interest(int ops) {
        return INTEREST[((ops & EPOLLIN) != 0 ? 1 : 0) | ((ops & EPOLLOUT) != 0 ? 2 : 0)];
    }

    private void setOps(int newOps) {
        if (newOps != ops) {
            ops = newOps;
            IoRegistration reg = registration;
            if (reg != null && reg.isValid()) {
                reg.submit(interest(newOps));
            }
        }
    }

    @Override
    public void beginRead() {
        setOps(ops | EPOLLIN);
    }

    @Override
    public void autoReadCleared() {
        setOps(ops & ~EPOLLIN);
    }

    @Override
    public boolean writePending() {
        return (ops & EPOLLOUT) != 0;
    }

    private void ready(int ready) {
        if ((ready & EPOLLOUT) != 0 && !closed) {
            // Room again: write what waits, with EPOLLOUT cleared unless the queue fills up again.
            setOps(ops & ~EPOLLOUT);
            ctx.flushNow();
        }
        if ((ready & (EPOLLIN | EPOLLERR | LibC.EPOLLHUP)) != 0 && !closed) {
            readReady((ready & (LibC.EPOLLHUP | EPOLLERR)) != 0);
        }
    }

    private void readReady(boolean hangUp) {
        ChannelConfig config = ctx.channel().config();
        if (!ctx.readPending() && !config.isAutoRead()) {
            if (hangUp) {
                disconnected("hung up (device unplugged or the other end closed)", 0);
            } else {
                autoReadCleared();
            }
            return;
        }
        ChannelPipeline pipeline = ctx.channel().pipeline();
        ByteBufAllocator alloc = config.getAllocator();
        RecvByteBufAllocator.Handle allocHandle = ctx.recvHandle();
        allocHandle.reset(config);
        ByteBuf buf = null;
        boolean eof = false;
        IOException failure = null;
        try {
            do {
                buf = allocHandle.allocate(alloc);
                if (!buf.isDirect()) {
                    // The kernel reads into native memory; a heap-only allocator gets a direct buffer instead.
                    buf.release();
                    buf = alloc.directBuffer(allocHandle.guess());
                }
                allocHandle.attemptedBytesRead(buf.writableBytes());
                allocHandle.lastBytesRead(readInto(buf));
                if (allocHandle.lastBytesRead() <= 0) {
                    eof = allocHandle.lastBytesRead() < 0;
                    buf.release();
                    buf = null;
                    break;
                }
                allocHandle.incMessagesRead(1);
                ctx.readPending(false);
                pipeline.fireChannelRead(buf);
                buf = null;
            } while (!closed && allocHandle.continueReading());
        } catch (IOException e) {
            failure = e;
        } finally {
            if (buf != null) {
                buf.release();
            }
        }
        allocHandle.readComplete();
        pipeline.fireChannelReadComplete();
        if (failure != null) {
            disconnected("read failed: " + failure.getMessage(), errnoOf(failure));
        } else if (eof || hangUp) {
            disconnected("hung up (device unplugged or the other end closed)", 0);
        } else if (!closed && !ctx.readPending() && !config.isAutoRead()) {
            autoReadCleared();
        }
    }

    private int readInto(ByteBuf buf) throws IOException {
        int writerIndex = buf.writerIndex();
        int n;
        if (buf.hasMemoryAddress()) {
            n = fd.readAddress(buf.memoryAddress(), writerIndex, buf.capacity());
        } else {
            ByteBuffer nio = buf.internalNioBuffer(writerIndex, buf.writableBytes());
            n = fd.read(nio, nio.position(), nio.limit());
        }
        if (n > 0) {
            buf.writerIndex(writerIndex + n);
        }
        return n;
    }

    @Override
    public void write(ChannelOutboundBuffer in) throws Exception {
        int spins = ctx.channel().config().getWriteSpinCount();
        while (spins-- > 0) {
            if (in.isEmpty()) {
                setOps(ops & ~EPOLLOUT);
                return;
            }
            ByteBuf first = (ByteBuf) in.current();
            if (!first.isReadable()) {
                // Nothing to send (an empty flush marker, say): done at once. A write of 0 bytes would read
                // as "kernel queue full" below.
                in.remove();
                continue;
            }
            long written;
            try {
                written = in.size() > 1 ? writeGathered(in) : writeSingle(first);
            } catch (IOException e) {
                disconnected("write failed: " + e.getMessage(), errnoOf(e));
                return;
            }
            if (written == 0) {
                // The kernel queue is full: wait for EPOLLOUT rather than spin.
                setOps(ops | EPOLLOUT);
                return;
            }
            in.removeBytes(written);
        }
        if (!in.isEmpty()) {
            // Spin count used up: yield to other channels on this loop, then carry on.
            ctx.channel().eventLoop().execute(ctx::flushNow);
        }
    }

    private long writeSingle(ByteBuf buf) throws IOException {
        int readable = buf.readableBytes();
        if (buf.hasMemoryAddress()) {
            return fd.writeAddress(buf.memoryAddress(), buf.readerIndex(), buf.writerIndex());
        }
        if (buf.nioBufferCount() == 1) {
            ByteBuffer nio = buf.internalNioBuffer(buf.readerIndex(), readable);
            return fd.write(nio, nio.position(), nio.limit());
        }
        IovArray iov = IOV.get();
        iov.clear();
        iov.add(buf, buf.readerIndex(), readable);
        return fd.writevAddresses(iov.memoryAddress(0), iov.count());
    }

    /** The flushed buffers in one writev; the first is readable, so at least one iovec goes. */
    private long writeGathered(ChannelOutboundBuffer in) throws Exception {
        IovArray iov = IOV.get();
        iov.clear();
        iov.maxBytes(Integer.MAX_VALUE);
        in.forEachFlushedMessage(iov);
        return fd.writevAddresses(iov.memoryAddress(0), iov.count());
    }

    private static int errnoOf(IOException e) {
        return e instanceof Errors.NativeIoException ? -((Errors.NativeIoException) e).expectedErr() : 0;
    }

    private void disconnected(String why, int errno) {
        if (closed) {
            return;
        }
        ctx.portFailed(new SerialDisconnectedException(port.path(), errno, why));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        deregister();
        port.close();
    }
}
