package io.github.nettyserial;

import static io.github.nettyserial.SerialChannelOption.BAUD_RATE;
import static io.github.nettyserial.SerialChannelOption.DATA_BITS;
import static io.github.nettyserial.SerialChannelOption.DTR;
import static io.github.nettyserial.SerialChannelOption.EXCLUSIVE;
import static io.github.nettyserial.SerialChannelOption.FLOW_CONTROL;
import static io.github.nettyserial.SerialChannelOption.LOW_LATENCY;
import static io.github.nettyserial.SerialChannelOption.MODEM_EVENTS;
import static io.github.nettyserial.SerialChannelOption.PARITY;
import static io.github.nettyserial.SerialChannelOption.RS485;
import static io.github.nettyserial.SerialChannelOption.RTS;
import static io.github.nettyserial.SerialChannelOption.STOP_BITS;
import static io.github.nettyserial.SerialChannelOption.UNSUPPORTED_POLICY;

import io.github.nettyserial.internal.SerialSettings;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.internal.SystemPropertyUtil;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@link SerialChannelConfig} of a {@link SerialChannel}. It can also serve any other channel (an
 * {@code EmbeddedChannel} in a test, say), where it only holds the values. Its allocator is
 * {@link PooledByteBufAllocator#DEFAULT} unless {@code -Dio.netty.allocator.type} names one for the JVM.
 */
public class DefaultSerialChannelConfig extends DefaultChannelConfig implements SerialChannelConfig {

    private static final ChannelOption<?>[] SERIAL_OPTIONS = {BAUD_RATE, DATA_BITS, PARITY, STOP_BITS, FLOW_CONTROL,
        DTR, RTS, EXCLUSIVE, LOW_LATENCY, RS485, MODEM_EVENTS, UNSUPPORTED_POLICY};

    private volatile SerialSettings settings = SerialSettings.DEFAULT;
    /** Values refused by setOption and not since replaced by a good one; connect fails while any remain. */
    private final Map<ChannelOption<?>, IllegalArgumentException> refused = new LinkedHashMap<>();

    /**
     * @param channel the channel this config belongs to
     */
    public DefaultSerialChannelConfig(Channel channel) {
        super(channel);
        // Reads should cost nothing beyond the pooled buffer. Netty 4.2's default adaptive allocator sometimes
        // serves small reads from an unpooled fallback, so use the pooled one, unless the user chose an
        // allocator type for the JVM explicitly.
        if (SystemPropertyUtil.get("io.netty.allocator.type") == null) {
            setAllocator(PooledByteBufAllocator.DEFAULT);
        }
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), SERIAL_OPTIONS);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getOption(ChannelOption<T> option) {
        SerialSettings s = settings;
        if (option == BAUD_RATE) {
            return (T) Integer.valueOf(s.baudRate());
        }
        if (option == DATA_BITS) {
            return (T) Integer.valueOf(s.dataBits());
        }
        if (option == PARITY) {
            return (T) s.parity();
        }
        if (option == STOP_BITS) {
            return (T) s.stopBits();
        }
        if (option == FLOW_CONTROL) {
            return (T) s.flowControl();
        }
        if (option == DTR) {
            return (T) Boolean.valueOf(s.dtr());
        }
        if (option == RTS) {
            return (T) Boolean.valueOf(s.rts());
        }
        if (option == EXCLUSIVE) {
            return (T) Boolean.valueOf(s.exclusive());
        }
        if (option == LOW_LATENCY) {
            return (T) Boolean.valueOf(s.lowLatency());
        }
        if (option == RS485) {
            return (T) s.rs485();
        }
        if (option == MODEM_EVENTS) {
            return (T) Boolean.valueOf(s.modemEvents());
        }
        if (option == UNSUPPORTED_POLICY) {
            return (T) s.unsupportedPolicy();
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        if (!isSerialOption(option)) {
            return super.setOption(option, value);
        }
        try {
            if (value == null && option != RS485) {
                throw new NullPointerException(describe(option, null) + " refused: the value must not be null");
            }
            if (option == BAUD_RATE) {
                setBaudRate((Integer) value);
            } else if (option == DATA_BITS) {
                setDataBits((Integer) value);
            } else if (option == PARITY) {
                setParity((Parity) value);
            } else if (option == STOP_BITS) {
                setStopBits((StopBits) value);
            } else if (option == FLOW_CONTROL) {
                setFlowControl((FlowControl) value);
            } else if (option == DTR) {
                setDtr((Boolean) value);
            } else if (option == RTS) {
                setRts((Boolean) value);
            } else if (option == EXCLUSIVE) {
                setExclusive((Boolean) value);
            } else if (option == LOW_LATENCY) {
                setLowLatency((Boolean) value);
            } else if (option == RS485) {
                setRs485((Rs485Config) value);
            } else if (option == MODEM_EVENTS) {
                setModemEvents((Boolean) value);
            } else {
                setUnsupportedPolicy((UnsupportedPolicy) value);
            }
        } catch (IllegalArgumentException e) {
            remember(option, e);
            throw e;
        } catch (NullPointerException e) {
            remember(option, new IllegalArgumentException(e.getMessage(), e));
            throw e;
        }
        return true;
    }

    private static boolean isSerialOption(ChannelOption<?> option) {
        for (ChannelOption<?> o : SERIAL_OPTIONS) {
            if (o == option) {
                return true;
            }
        }
        return false;
    }

    private String describe(ChannelOption<?> option, Object value) {
        String name = option.name().substring(option.name().indexOf('#') + 1);
        String port = channel instanceof SerialChannel && channel.remoteAddress() != null
                ? "port " + channel.remoteAddress() + ": " : "";
        return port + "SerialChannelOption." + name + "=" + value;
    }

    private synchronized void remember(ChannelOption<?> option, IllegalArgumentException e) {
        refused.put(option, e);
    }

    /**
     * The first value refused by {@link #setOption} and not replaced since by a good one, or {@code null}.
     * {@link SerialChannel} fails its connect with it.
     */
    synchronized IllegalArgumentException firstRefusedOption() {
        return refused.isEmpty() ? null : refused.values().iterator().next();
    }

    /** The settings in force (or to be applied at connect). */
    SerialSettings settings() {
        return settings;
    }

    /** The port is open: from now on the getters report what it really does. */
    synchronized void connected(SerialSettings inEffect) {
        settings = inEffect;
    }

    /**
     * Changes one setting. On an open port the change runs on the channel's loop (which serialises changes
     * with the port's own work) and the getters then report what the port took; see
     * {@link SerialChannel#runReconfiguration} for which threads wait. The lock only guards the
     * read-modify-write and is never held while waiting for the loop.
     */
    private void update(ChannelOption<?> option, UnaryOperator<SerialSettings> change) {
        if (channel instanceof SerialChannel) {
            ((SerialChannel) channel).runReconfiguration(() -> apply(option, change));
        } else {
            apply(option, change);
        }
    }

    private Future<Void> apply(ChannelOption<?> option, UnaryOperator<SerialSettings> change) {
        SerialSettings previous;
        SerialSettings next;
        synchronized (this) {
            previous = settings;
            next = change.apply(previous);
        }
        Future<SerialSettings> applied = next.equals(previous) || !(channel instanceof SerialChannel) ? null
                : ((SerialChannel) channel).applySettings(previous, next);
        if (applied == null) {
            commit(option, next);
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
        }
        Promise<Void> done = ImmediateEventExecutor.INSTANCE.newPromise();
        applied.addListener(f -> {
            if (f.isSuccess()) {
                commit(option, (SerialSettings) f.getNow());
                done.setSuccess(null);
            } else {
                Throwable cause = f.cause();
                done.setFailure(cause instanceof RuntimeException ? cause : new ChannelException(cause.getMessage(), cause));
            }
        });
        return done;
    }

    private synchronized void commit(ChannelOption<?> option, SerialSettings inEffect) {
        settings = inEffect;
        refused.remove(option);
    }

    @Override
    public int getBaudRate() {
        return settings.baudRate();
    }

    @Override
    public SerialChannelConfig setBaudRate(int baudRate) {
        if (baudRate <= 0) {
            throw new IllegalArgumentException(describe(BAUD_RATE, baudRate) + " refused: the baud rate must be positive");
        }
        update(BAUD_RATE, s -> s.withBaudRate(baudRate));
        return this;
    }

    @Override
    public int getDataBits() {
        return settings.dataBits();
    }

    @Override
    public SerialChannelConfig setDataBits(int dataBits) {
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException(describe(DATA_BITS, dataBits) + " refused: data bits must be 5, 6, 7 or 8");
        }
        update(DATA_BITS, s -> s.withDataBits(dataBits));
        return this;
    }

    @Override
    public Parity getParity() {
        return settings.parity();
    }

    @Override
    public SerialChannelConfig setParity(Parity parity) {
        Parity checked = nonNull(PARITY, parity);
        update(PARITY, s -> s.withParity(checked));
        return this;
    }

    @Override
    public StopBits getStopBits() {
        return settings.stopBits();
    }

    @Override
    public SerialChannelConfig setStopBits(StopBits stopBits) {
        StopBits checked = nonNull(STOP_BITS, stopBits);
        update(STOP_BITS, s -> s.withStopBits(checked));
        return this;
    }

    @Override
    public FlowControl getFlowControl() {
        return settings.flowControl();
    }

    @Override
    public SerialChannelConfig setFlowControl(FlowControl flowControl) {
        FlowControl checked = nonNull(FLOW_CONTROL, flowControl);
        update(FLOW_CONTROL, s -> s.withFlowControl(checked));
        return this;
    }

    @Override
    public boolean isDtr() {
        return settings.dtr();
    }

    @Override
    public SerialChannelConfig setDtr(boolean dtr) {
        update(DTR, s -> s.withDtr(dtr));
        return this;
    }

    @Override
    public boolean isRts() {
        return settings.rts();
    }

    @Override
    public SerialChannelConfig setRts(boolean rts) {
        update(RTS, s -> s.withRts(rts));
        return this;
    }

    @Override
    public boolean isExclusive() {
        return settings.exclusive();
    }

    @Override
    public SerialChannelConfig setExclusive(boolean exclusive) {
        update(EXCLUSIVE, s -> s.withExclusive(exclusive));
        return this;
    }

    @Override
    public boolean isLowLatency() {
        return settings.lowLatency();
    }

    @Override
    public SerialChannelConfig setLowLatency(boolean lowLatency) {
        update(LOW_LATENCY, s -> s.withLowLatency(lowLatency));
        return this;
    }

    @Override
    public Rs485Config getRs485() {
        return settings.rs485();
    }

    @Override
    public SerialChannelConfig setRs485(Rs485Config rs485) {
        update(RS485, s -> s.withRs485(rs485));
        return this;
    }

    @Override
    public boolean isModemEvents() {
        return settings.modemEvents();
    }

    @Override
    public SerialChannelConfig setModemEvents(boolean modemEvents) {
        update(MODEM_EVENTS, s -> s.withModemEvents(modemEvents));
        return this;
    }

    @Override
    public UnsupportedPolicy getUnsupportedPolicy() {
        return settings.unsupportedPolicy();
    }

    @Override
    public SerialChannelConfig setUnsupportedPolicy(UnsupportedPolicy policy) {
        UnsupportedPolicy checked = nonNull(UNSUPPORTED_POLICY, policy);
        update(UNSUPPORTED_POLICY, s -> s.withUnsupportedPolicy(checked));
        return this;
    }

    private <T> T nonNull(ChannelOption<T> option, T value) {
        if (value == null) {
            throw new NullPointerException(describe(option, null) + " refused: the value must not be null");
        }
        return value;
    }

    @Override
    protected void autoReadCleared() {
        if (channel instanceof SerialChannel) {
            ((SerialChannel) channel).autoReadCleared();
        }
    }

    @Override
    public SerialChannelConfig setConnectTimeoutMillis(int connectTimeoutMillis) {
        super.setConnectTimeoutMillis(connectTimeoutMillis);
        return this;
    }

    @Override
    @Deprecated
    public SerialChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
        super.setMaxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    @Override
    public SerialChannelConfig setWriteSpinCount(int writeSpinCount) {
        super.setWriteSpinCount(writeSpinCount);
        return this;
    }

    @Override
    public SerialChannelConfig setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return this;
    }

    @Override
    public SerialChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return this;
    }

    @Override
    public SerialChannelConfig setAutoRead(boolean autoRead) {
        super.setAutoRead(autoRead);
        return this;
    }

    @Override
    public SerialChannelConfig setAutoClose(boolean autoClose) {
        super.setAutoClose(autoClose);
        return this;
    }

    @Override
    public SerialChannelConfig setWriteBufferHighWaterMark(int writeBufferHighWaterMark) {
        super.setWriteBufferHighWaterMark(writeBufferHighWaterMark);
        return this;
    }

    @Override
    public SerialChannelConfig setWriteBufferLowWaterMark(int writeBufferLowWaterMark) {
        super.setWriteBufferLowWaterMark(writeBufferLowWaterMark);
        return this;
    }

    @Override
    public SerialChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
        super.setWriteBufferWaterMark(writeBufferWaterMark);
        return this;
    }

    @Override
    public SerialChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return this;
    }
}
