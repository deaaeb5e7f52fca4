package io.github.nettyserial;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;

/**
 * The configuration of a {@link SerialChannel}: Netty's channel settings plus the line settings of
 * {@link SerialChannelOption}. A setter called on an open channel reconfigures the port on the channel's
 * event loop, all or nothing: if the driver refuses the new value the old settings stay.
 *
 * <p>Who waits, and how a refusal is reported, depends on the calling thread; no event-loop thread ever waits
 * for another loop:
 * <ul>
 *   <li>on the channel's own loop (a handler of the channel), the change is applied at once and a refusal is
 *       thrown as a {@link io.netty.channel.ChannelException} whose cause is the typed {@link SerialException};
 *   <li>on the thread of another event loop (a TCP handler that changes a serial port's baud rate, say), the
 *       change is handed to the channel's loop and the setter returns at once; a refusal is fired through the
 *       channel's pipeline ({@code exceptionCaught}) as that {@code ChannelException};
 *   <li>on any other thread, the setter waits for the change and throws a refusal, as on the loop.
 * </ul>
 * The getters report the settings in effect: what the port took (under {@code UnsupportedPolicy.WARN} or
 * {@code IGNORE}, without what it refused) once the change has been applied.
 *
 * <p>An invalid value (a baud rate of 0, 4 data bits, {@code null}) is refused at once on every thread with an
 * {@link IllegalArgumentException} (or {@link NullPointerException}) that names the option and the value,
 * and is remembered so that a later {@code connect} fails too (Bootstrap only logs option errors).
 */
public interface SerialChannelConfig extends ChannelConfig {

    /** @return the baud rate */
    int getBaudRate();

    /** @param baudRate any positive rate @return this */
    SerialChannelConfig setBaudRate(int baudRate);

    /** @return data bits per character, 5 to 8 */
    int getDataBits();

    /** @param dataBits 5 to 8 @return this */
    SerialChannelConfig setDataBits(int dataBits);

    /** @return the parity */
    Parity getParity();

    /** @param parity the parity @return this */
    SerialChannelConfig setParity(Parity parity);

    /** @return the stop bits */
    StopBits getStopBits();

    /** @param stopBits the stop bits @return this */
    SerialChannelConfig setStopBits(StopBits stopBits);

    /** @return the flow control */
    FlowControl getFlowControl();

    /** @param flowControl the flow control @return this */
    SerialChannelConfig setFlowControl(FlowControl flowControl);

    /** @return whether DTR is asserted */
    boolean isDtr();

    /** @param dtr assert DTR @return this */
    SerialChannelConfig setDtr(boolean dtr);

    /** @return whether RTS is asserted */
    boolean isRts();

    /** @param rts assert RTS @return this */
    SerialChannelConfig setRts(boolean rts);

    /** @return whether the port is opened exclusively */
    boolean isExclusive();

    /** @param exclusive refuse other openers; takes effect at the next connect @return this */
    SerialChannelConfig setExclusive(boolean exclusive);

    /** @return whether low latency is asked of the driver */
    boolean isLowLatency();

    /** @param lowLatency ask the driver for low latency @return this */
    SerialChannelConfig setLowLatency(boolean lowLatency);

    /** @return the RS-485 configuration, or {@code null} */
    Rs485Config getRs485();

    /** @param rs485 kernel RS-485 mode, or {@code null} to switch it off @return this */
    SerialChannelConfig setRs485(Rs485Config rs485);

    /** @return whether modem-line and line-error events are fired */
    boolean isModemEvents();

    /** @param modemEvents fire {@link ModemLinesChangedEvent} and {@link SerialLineErrorEvent} @return this */
    SerialChannelConfig setModemEvents(boolean modemEvents);

    /** @return what happens when the port cannot do what is asked */
    UnsupportedPolicy getUnsupportedPolicy();

    /** @param policy what happens when the port cannot do what is asked @return this */
    SerialChannelConfig setUnsupportedPolicy(UnsupportedPolicy policy);

    @Override
    SerialChannelConfig setConnectTimeoutMillis(int connectTimeoutMillis);

    @Override
    @Deprecated
    SerialChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead);

    @Override
    SerialChannelConfig setWriteSpinCount(int writeSpinCount);

    @Override
    SerialChannelConfig setAllocator(ByteBufAllocator allocator);

    @Override
    SerialChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator);

    @Override
    SerialChannelConfig setAutoRead(boolean autoRead);

    @Override
    SerialChannelConfig setAutoClose(boolean autoClose);

    @Override
    SerialChannelConfig setWriteBufferHighWaterMark(int writeBufferHighWaterMark);

    @Override
    SerialChannelConfig setWriteBufferLowWaterMark(int writeBufferLowWaterMark);

    @Override
    SerialChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark);

    @Override
    SerialChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator);
}
