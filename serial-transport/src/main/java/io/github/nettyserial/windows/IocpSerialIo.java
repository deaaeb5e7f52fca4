package io.github.nettyserial.windows;

import io.github.nettyserial.SerialException;
import io.github.nettyserial.internal.SerialChannelContext;
import io.github.nettyserial.internal.SerialIo;
import io.github.nettyserial.internal.SerialPort;
import io.github.nettyserial.internal.SerialSettings;
import io.github.nettyserial.windows.Win32Errors.Op;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.internal.PlatformDependent;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

/**
 * The data path of one COM port on an {@link IocpIoHandler}: one overlapped read in flight into a pooled
 * direct buffer, at most one write (the channel's flushed bytes, gathered into one direct buffer), and one
 * {@code WaitCommEvent} for modem-line and error events.
 *
 * <p>The three OVERLAPPEDs and the event-mask DWORD live in one native block owned by this object; the block
 * and the buffers are let go only once the packet of their operation has been dequeued, cancelled or not.
 * Close is {@code SetCommMask(0)} (wakes the wait) → {@code CancelIoEx} → drain this handle's packets →
 * {@code CloseHandle} → free.
 */
final class IocpSerialIo implements SerialIo {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(IocpSerialIo.class);

    private static final int READ_OV = 0;
    private static final int WRITE_OV = Win32Structs.OVERLAPPED_SIZE;
    private static final int WAIT_OV = 2 * Win32Structs.OVERLAPPED_SIZE;
    private static final int EVENT_MASK = 3 * Win32Structs.OVERLAPPED_SIZE;
    private static final int BLOCK_SIZE = EVENT_MASK + 8;
    /** The most one WriteFile takes: bounds the gather copy and how long one write holds the driver. */
    static final int MAX_WRITE = 64 * 1024;
    /** Consecutive empty WaitCommEvent completions after which waiting stops (a driver that never blocks). */
    private static final int MAX_EMPTY_WAITS = 3;

    private final Win32 win32;
    private final WindowsSerialPort port;
    private final SerialChannelContext ctx;
    private final String path;
    private final long file;
    private final long block;
    private final Handle handle = new Handle();

    private IoRegistration registration;
    private ByteBuf readBuf;
    private ByteBuf writeBuf;
    private boolean reading;
    private boolean readCancelled;
    private boolean writing;
    private boolean waiting;
    private int emptyWaits;
    private boolean failed;
    private boolean closing;
    private boolean closed;

    IocpSerialIo(Win32 win32, WindowsSerialPort port, SerialChannelContext ctx) {
        this.win32 = win32;
        this.port = port;
        this.ctx = ctx;
        this.path = port.path();
        this.file = port.file();
        this.block = win32.allocate(BLOCK_SIZE);
        PlatformDependent.setMemory(block, BLOCK_SIZE, (byte) 0);
    }

    @Override
    public SerialPort port() {
        return port;
    }

    @Override
    public Future<SerialSettings> register(IoEventLoop loop) {
        Promise<SerialSettings> promise = loop.newPromise();
        loop.register(handle).addListener(f -> {
            if (!f.isSuccess()) {
                promise.setFailure(f.cause());
                return;
            }
            registration = (IoRegistration) f.getNow();
            if (closing) {
                maybeFinishClose();
                promise.setFailure(new java.nio.channels.ClosedChannelException());
                return;
            }
            startWait();
            promise.setSuccess(port.settingsInEffect());
        });
        return promise;
    }

    @Override
    public void deregister() {
        IoRegistration reg = registration;
        if (reg != null) {
            registration = null;
            reg.cancel();
        }
    }

    // ---- reads ----

    @Override
    public void beginRead() {
        if (!reading && !closing && registration != null) {
            startRead();
        }
    }

    private void startRead() {
        RecvByteBufAllocator.Handle allocHandle = ctx.recvHandle();
        ByteBuf buf = ctx.channel().alloc().directBuffer(Math.max(64, allocHandle.guess()));
        long ov = block + READ_OV;
        PlatformDependent.setMemory(ov, Win32Structs.OVERLAPPED_SIZE, (byte) 0);
        if (!win32.ReadFile(file, buf.memoryAddress() + buf.writerIndex(), buf.writableBytes(), 0, ov)) {
            int error = win32.getLastError();
            if (error != Win32.ERROR_IO_PENDING) {
                // A synchronous failure queues no packet: the buffer is ours again at once.
                buf.release();
                fail(Win32Errors.exception(path, Op.IO, error, "ReadFile"));
                return;
            }
        }
        // Pending, or done at once: either way the packet comes through the port.
        readBuf = buf;
        reading = true;
        readCancelled = false;
    }

    @Override
    public void autoReadCleared() {
        // Leave the bytes in the driver (so its flow control can push back) instead of taking another
        // buffer-full nobody asked for. Whatever the cancelled read already holds is still delivered.
        if (reading && !readCancelled && !ctx.readPending() && !closing) {
            readCancelled = true;
            if (!win32.CancelIoEx(file, block + READ_OV)) {
                int error = win32.getLastError();
                if (error != Win32.ERROR_NOT_FOUND) {
                    logger.debug("{}: CancelIoEx(read) failed: {}", path, Win32Errors.describe(error));
                }
            }
        }
    }

    private void readDone(int bytes, int error) {
        ByteBuf buf = readBuf;
        boolean cancelledByUs = readCancelled;
        readBuf = null;
        reading = false;
        readCancelled = false;
        if (closing) {
            buf.release();
            maybeFinishClose();
            return;
        }
        if (error != 0 && !(error == Win32.ERROR_OPERATION_ABORTED && cancelledByUs)) {
            buf.release();
            fail(Win32Errors.exception(path, Op.IO, error, "ReadFile (completion)"));
            return;
        }
        if (bytes > 0) {
            RecvByteBufAllocator.Handle allocHandle = ctx.recvHandle();
            allocHandle.reset(ctx.channel().config());
            buf.writerIndex(buf.writerIndex() + bytes);
            allocHandle.lastBytesRead(bytes);
            allocHandle.incMessagesRead(1);
            ctx.readPending(false);
            ChannelPipeline pipeline = ctx.channel().pipeline();
            pipeline.fireChannelRead(buf);
            allocHandle.readComplete();
            pipeline.fireChannelReadComplete();
        } else {
            buf.release();
        }
        // With auto-read the pipeline's read() has usually re-armed us already.
        if (!reading && !closing && (ctx.readPending() || ctx.channel().config().isAutoRead())) {
            startRead();
        }
    }

    // ---- writes ----

    @Override
    public void write(ChannelOutboundBuffer in) throws Exception {
        if (writing || closing) {
            return;
        }
        in.removeBytes(0); // drops empty buffers at the head
        Object msg = in.current();
        if (msg == null) {
            return;
        }
        ByteBuf first = (ByteBuf) msg;
        ByteBuf buf;
        long address;
        int length;
        if (first.hasMemoryAddress() && (in.size() == 1 || first.readableBytes() >= MAX_WRITE / 2)) {
            // Write straight from the message; our reference keeps it alive if the channel fails its promise.
            length = Math.min(first.readableBytes(), MAX_WRITE);
            buf = first.retain();
            address = first.memoryAddress() + first.readerIndex();
        } else {
            buf = gather(in);
            length = buf.readableBytes();
            address = buf.memoryAddress() + buf.readerIndex();
        }
        long ov = block + WRITE_OV;
        PlatformDependent.setMemory(ov, Win32Structs.OVERLAPPED_SIZE, (byte) 0);
        if (!win32.WriteFile(file, address, length, 0, ov)) {
            int error = win32.getLastError();
            if (error != Win32.ERROR_IO_PENDING) {
                buf.release();
                fail(Win32Errors.exception(path, Op.IO, error, "WriteFile"));
                return;
            }
        }
        writeBuf = buf;
        writing = true;
    }

    /** Copies the flushed messages, up to {@link #MAX_WRITE} bytes, into one direct buffer. */
    private ByteBuf gather(ChannelOutboundBuffer in) throws Exception {
        // Sizing pass first so the copy needs exactly one allocation.
        int[] size = {0};
        in.forEachFlushedMessage(m -> {
            size[0] = (int) Math.min(MAX_WRITE, (long) size[0] + ((ByteBuf) m).readableBytes());
            return size[0] < MAX_WRITE;
        });
        ByteBuf buf = ctx.channel().alloc().directBuffer(size[0]);
        in.forEachFlushedMessage(m -> {
            ByteBuf b = (ByteBuf) m;
            int n = Math.min(b.readableBytes(), buf.writableBytes());
            buf.writeBytes(b, b.readerIndex(), n);
            return buf.isWritable();
        });
        return buf;
    }

    private void writeDone(int bytes, int error) {
        writeBuf.release();
        writeBuf = null;
        writing = false;
        if (closing) {
            maybeFinishClose();
            return;
        }
        if (error != 0) {
            fail(Win32Errors.exception(path, Op.IO, error, "WriteFile (completion)"));
            return;
        }
        ChannelOutboundBuffer in = ctx.outboundBuffer();
        if (in == null) {
            return;
        }
        in.removeBytes(bytes);
        if (!in.isEmpty()) {
            ctx.flushNow();
        }
    }

    @Override
    public boolean writePending() {
        return writing;
    }

    // ---- modem-line and error events ----

    private void startWait() {
        long ov = block + WAIT_OV;
        PlatformDependent.setMemory(ov, Win32Structs.OVERLAPPED_SIZE, (byte) 0);
        PlatformDependent.putInt(block + EVENT_MASK, 0);
        if (!win32.WaitCommEvent(file, block + EVENT_MASK, ov)) {
            int error = win32.getLastError();
            if (error != Win32.ERROR_IO_PENDING) {
                if (Win32Errors.isDisconnect(error)) {
                    fail(Win32Errors.exception(path, Op.IO, error, "WaitCommEvent"));
                } else {
                    // Wine on a pty: ERROR_NOT_SUPPORTED. Data still flows; modem events come from polling.
                    logger.debug("{}: WaitCommEvent unavailable: {}", path, Win32Errors.describe(error));
                }
                return;
            }
        }
        waiting = true;
    }

    private void waitDone(int error) {
        waiting = false;
        if (closing) {
            maybeFinishClose();
            return;
        }
        if (error != 0) {
            if (Win32Errors.isDisconnect(error)) {
                fail(Win32Errors.exception(path, Op.IO, error, "WaitCommEvent (completion)"));
            } else {
                logger.debug("{}: WaitCommEvent failed, modem events stop: {}", path, Win32Errors.describe(error));
            }
            return;
        }
        int events = PlatformDependent.getInt(block + EVENT_MASK);
        if (events == 0) {
            // SetCommMask completes a pending wait with 0; a driver that does so forever must not spin the loop.
            if (++emptyWaits >= MAX_EMPTY_WAITS) {
                logger.debug("{}: WaitCommEvent keeps completing empty; modem events stop", path);
                return;
            }
        } else {
            emptyWaits = 0;
            try {
                port.onCommEvents(events);
            } catch (SerialException e) {
                fail(e);
                return;
            }
        }
        startWait();
    }

    // ---- failure and close ----

    private void fail(SerialException cause) {
        if (failed || closing) {
            return;
        }
        failed = true;
        ctx.portFailed(cause);
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (!port.isClosed()) {
            // Completes a pending WaitCommEvent (some drivers keep the port busy otherwise).
            win32.SetCommMask(file, 0);
            if ((reading || writing || waiting) && !win32.CancelIoEx(file, 0)) {
                int error = win32.getLastError();
                if (error != Win32.ERROR_NOT_FOUND) {
                    logger.debug("{}: CancelIoEx failed: {}", path, Win32Errors.describe(error));
                }
            }
        }
        maybeFinishClose();
    }

    private boolean hasPendingIo() {
        return reading || writing || waiting;
    }

    /** Once the last packet is in: close the handle, free the block, leave the loop. */
    private void maybeFinishClose() {
        if (!closing || closed || hasPendingIo()) {
            return;
        }
        closed = true;
        port.close();
        win32.free(block);
        IoRegistration r = registration;
        registration = null;
        if (r != null) {
            r.cancel();
        }
    }

    @Override
    public String toString() {
        return "IocpSerialIo[" + path + (closed ? ", closed" : closing ? ", closing" : "") + ']';
    }

    private final class Handle implements IocpIoHandle {
        @Override
        public long fileHandle() {
            return closed ? Win32.INVALID_HANDLE_VALUE : file;
        }

        @Override
        public boolean hasPendingIo() {
            return IocpSerialIo.this.hasPendingIo();
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            IocpIoEvent e = (IocpIoEvent) event;
            long ov = e.overlapped();
            if (ov == block + READ_OV && reading) {
                readDone(e.bytes(), e.error());
            } else if (ov == block + WRITE_OV && writing) {
                writeDone(e.bytes(), e.error());
            } else if (ov == block + WAIT_OV && waiting) {
                waitDone(e.error());
            } else {
                logger.warn("{}: unexpected completion {}", path, e);
            }
        }

        @Override
        public void close() {
            // The loop is shutting down.
            ctx.closeNow();
        }

        @Override
        public String toString() {
            return IocpSerialIo.this.toString();
        }
    }
}
