package io.github.nettyserial.windows;

import io.github.nettyserial.ModemLines;
import io.github.nettyserial.ModemLinesChangedEvent;
import io.github.nettyserial.SerialException;
import io.github.nettyserial.SerialLineErrorEvent;
import io.github.nettyserial.internal.Registrations;
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
import io.netty.util.internal.PlatformDependent;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The data path of one COM port on an {@link IocpIoHandler}: one overlapped read in flight into a pooled
 * direct buffer, at most one write (the channel's flushed bytes, gathered into one direct buffer), and one
 * {@code WaitCommEvent} for modem-line and error events.
 *
 * <p>Modem-line and line-error events are fired from the {@code WaitCommEvent} completions themselves, one
 * {@link ModemLinesChangedEvent} per completion with modem-line bits, no timer. To keep them in order with
 * the data, an event that comes while a read is in flight cancels that read and is fired right after the
 * bytes the read holds.
 *
 * <p>The three OVERLAPPEDs and the event-mask DWORD live in one native block owned by this object; the block
 * and the buffers are let go only once the packet of their operation has been dequeued, cancelled or not.
 * Close is {@code SetCommMask(0)} (wakes the wait) → {@code CancelIoEx} → drain this handle's packets →
 * {@code CloseHandle} → free. If the packets never come (some drivers never complete their I/O after the
 * device was pulled), the handle is closed after {@link #CLOSE_GRACE_MILLIS} anyway and the memory the kernel
 * may still write is kept for good, never freed.
 */
final class IocpSerialIo implements SerialIo {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(IocpSerialIo.class);

    private static final int READ_OV = 0;
    private static final int WRITE_OV = Win32Structs.OVERLAPPED_SIZE;
    private static final int WAIT_OV = 2 * Win32Structs.OVERLAPPED_SIZE;
    /** The DWORD WaitCommEvent writes the events that happened into, at completion. */
    private static final int WAIT_EVENTS = 3 * Win32Structs.OVERLAPPED_SIZE;
    private static final int BLOCK_SIZE = WAIT_EVENTS + 8;
    /** The most one WriteFile takes: bounds the gather copy and how long one write holds the driver. */
    static final int MAX_WRITE = 64 * 1024;
    /** Consecutive empty WaitCommEvent completions after which waiting stops (a driver that never blocks). */
    private static final int MAX_EMPTY_WAITS = 3;
    /** Consecutive empty read completions re-armed at once; after that the re-arm backs off (1, 2, 4 .. 64 ms). */
    private static final int ZERO_READS_REARMED_AT_ONCE = 1;
    private static final int MAX_ZERO_READ_BACKOFF_SHIFT = 6;
    /** How long a close waits for the packets of cancelled operations before it closes the handle regardless. */
    static final long CLOSE_GRACE_MILLIS = 2000;
    /** What abandoned closes keep alive for good: the kernel may still write there. */
    private static final Queue<Object> KEPT_FOR_THE_KERNEL = new ConcurrentLinkedQueue<>();

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
    private boolean waitUnavailable;
    private int zeroReads;
    private ScheduledFuture<?> rearm;
    private ModemLines lines;
    /** Events that came while a read was in flight: fired after that read's bytes. */
    private final ArrayDeque<Object> heldEvents = new ArrayDeque<>(2);
    private boolean failed;
    private boolean closing;
    private boolean closed;
    private boolean abandoned;
    private ScheduledFuture<?> giveUp;

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
        return Registrations.register(loop, handle, reg -> {
            registration = reg;
            if (closing) {
                maybeFinishClose();
                return null;
            }
            startWait();
            if (!waitUnavailable) {
                try {
                    lines = port.modemLines();
                } catch (SerialException e) {
                    logger.debug("{}: no first modem-line sample", path, e);
                }
            }
            return port.settingsInEffect();
        });
    }

    @Override
    public void deregister() {
        IoRegistration reg = registration;
        if (reg != null) {
            registration = null;
            reg.cancel();
        }
    }

    @Override
    public boolean firesModemEvents() {
        // Where WaitCommEvent is unavailable (Wine on a pty) the channel samples instead.
        return !waitUnavailable;
    }

    // ---- reads ----

    @Override
    public void beginRead() {
        if (!reading && rearm == null && !closing && registration != null) {
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
            zeroReads = 0;
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
            if (error == 0) {
                zeroReads++;
            }
        }
        fireHeldEvents();
        // With auto-read the pipeline's read() has usually re-armed us already.
        if (!reading && rearm == null && !closing && wantsRead()) {
            if (zeroReads <= ZERO_READS_REARMED_AT_ONCE) {
                startRead();
            } else {
                // A driver completing reads empty, again and again: re-arming at once would spin the loop.
                long delay = 1L << Math.min(zeroReads - ZERO_READS_REARMED_AT_ONCE - 1, MAX_ZERO_READ_BACKOFF_SHIFT);
                rearm = ctx.channel().eventLoop().schedule(this::rearmRead, delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    private boolean wantsRead() {
        return ctx.readPending() || ctx.channel().config().isAutoRead();
    }

    private void rearmRead() {
        rearm = null;
        if (!reading && !closing && wantsRead()) {
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
        PlatformDependent.putInt(block + WAIT_EVENTS, 0);
        if (!win32.WaitCommEvent(file, block + WAIT_EVENTS, ov)) {
            int error = win32.getLastError();
            if (error != Win32.ERROR_IO_PENDING) {
                if (Win32Errors.isDisconnect(error)) {
                    fail(Win32Errors.exception(path, Op.IO, error, "WaitCommEvent"));
                } else {
                    // Wine on a pty: ERROR_NOT_SUPPORTED. Data still flows; modem events come from polling.
                    waitUnavailable = true;
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
        int events = PlatformDependent.getInt(block + WAIT_EVENTS);
        if (events == 0) {
            // SetCommMask completes a pending wait with 0; a driver that does so forever must not spin the loop.
            if (++emptyWaits >= MAX_EMPTY_WAITS) {
                logger.debug("{}: WaitCommEvent keeps completing empty; modem events stop", path);
                return;
            }
        } else {
            emptyWaits = 0;
            try {
                onCommEvents(events);
            } catch (SerialException e) {
                fail(e);
                return;
            }
        }
        startWait();
    }

    /** One WaitCommEvent completion: at most one modem-line event and one line-error event. */
    private void onCommEvents(int events) throws SerialException {
        if ((events & WindowsSerialPort.MODEM_LINE_EVENTS) != 0) {
            ModemLines now = port.onModemLineEvents(events);
            ModemLines before = lines == null ? now : lines;
            lines = now;
            if (port.settingsInEffect().modemEvents()) {
                fireInOrder(new ModemLinesChangedEvent(before, now, count(events, Win32.EV_CTS),
                        count(events, Win32.EV_DSR), count(events, Win32.EV_RING), count(events, Win32.EV_RLSD)));
            }
        }
        if ((events & WindowsSerialPort.LINE_ERROR_EVENTS) != 0) {
            SerialLineErrorEvent errors = port.onLineErrorEvents();
            if (errors != null && port.settingsInEffect().modemEvents()) {
                fireInOrder(errors);
            }
        }
    }

    private static int count(int events, int bit) {
        return (events & bit) != 0 ? 1 : 0;
    }

    /**
     * Fires {@code event} after the bytes received before it: a read in flight may hold some (it completes
     * only when the line goes quiet), so it is cancelled and the event waits for its packet.
     */
    private void fireInOrder(Object event) {
        if (!reading) {
            ctx.channel().pipeline().fireUserEventTriggered(event);
            return;
        }
        heldEvents.add(event);
        if (!readCancelled) {
            readCancelled = true;
            if (!win32.CancelIoEx(file, block + READ_OV) && win32.getLastError() != Win32.ERROR_NOT_FOUND) {
                logger.debug("{}: CancelIoEx(read) failed: {}", path, Win32Errors.describe(win32.getLastError()));
            }
        }
    }

    private void fireHeldEvents() {
        ChannelPipeline pipeline = ctx.channel().pipeline();
        for (Object event; (event = heldEvents.poll()) != null;) {
            pipeline.fireUserEventTriggered(event);
        }
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
        heldEvents.clear();
        if (rearm != null) {
            rearm.cancel(false);
            rearm = null;
        }
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
        if (!closed && registration != null) {
            try {
                giveUp = ctx.channel().eventLoop().schedule(this::abandon, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // The loop is shutting down: IocpIoHandler drains, then unregisters us (see Handle.unregistered).
            }
        }
    }

    private boolean hasPendingIo() {
        return !abandoned && (reading || writing || waiting);
    }

    /**
     * The cancelled operations' packets did not come within the grace period (a driver that never completes
     * its IRPs after a yank): close the handle anyway, and keep the block and the buffers the kernel may still
     * write into for good, so nothing is ever freed under it. Logged once per port.
     */
    private void abandon() {
        if (closed) {
            return;
        }
        logger.warn("{}: {} still pending {} ms after close (a driver that never completes I/O after its device "
                + "was removed?); closing the handle anyway and keeping their memory ({} bytes of OVERLAPPEDs plus "
                + "the buffers), never freeing it", path, pendingNames(), CLOSE_GRACE_MILLIS, BLOCK_SIZE);
        KEPT_FOR_THE_KERNEL.add(new Object[] {block, readBuf, writeBuf});
        readBuf = null;
        writeBuf = null;
        abandoned = true;
        closed = true;
        port.close();
        deregister();
    }

    private String pendingNames() {
        return ((reading ? "ReadFile " : "") + (writing ? "WriteFile " : "") + (waiting ? "WaitCommEvent" : "")).trim();
    }

    /** Once the last packet is in: close the handle, free the block, leave the loop. */
    private void maybeFinishClose() {
        if (!closing || closed || hasPendingIo()) {
            return;
        }
        closed = true;
        if (giveUp != null) {
            giveUp.cancel(false);
        }
        port.close();
        win32.free(block);
        deregister();
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
        public void unregistered() {
            // The loop shut down before the last packets came: nothing more will be dequeued.
            if (closing && !closed) {
                abandon();
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
