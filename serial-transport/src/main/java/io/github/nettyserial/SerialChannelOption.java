package io.github.nettyserial;

import io.netty.channel.ChannelOption;

/**
 * The options of a {@link SerialChannel}, in Netty's manner: plain {@link ChannelOption} constants named
 * {@code io.github.nettyserial.SerialChannelOption#NAME}. Set them with {@code Bootstrap.option(...)} or
 * {@code channel.config().setOption(...)}; on an open channel a change is applied to the port at once.
 *
 * <table>
 *   <caption>Options and defaults</caption>
 *   <tr><th>option</th><th>type</th><th>default</th></tr>
 *   <tr><td>{@link #BAUD_RATE}</td><td>Integer, any positive rate</td><td>9600</td></tr>
 *   <tr><td>{@link #DATA_BITS}</td><td>Integer 5..8</td><td>8</td></tr>
 *   <tr><td>{@link #PARITY}</td><td>{@link Parity}</td><td>NONE</td></tr>
 *   <tr><td>{@link #STOP_BITS}</td><td>{@link StopBits}</td><td>ONE</td></tr>
 *   <tr><td>{@link #FLOW_CONTROL}</td><td>{@link FlowControl}</td><td>NONE</td></tr>
 *   <tr><td>{@link #DTR}, {@link #RTS}</td><td>Boolean</td><td>true</td></tr>
 *   <tr><td>{@link #EXCLUSIVE}</td><td>Boolean</td><td>true</td></tr>
 *   <tr><td>{@link #LOW_LATENCY}</td><td>Boolean</td><td>false</td></tr>
 *   <tr><td>{@link #RS485}</td><td>{@link Rs485Config} or null</td><td>null</td></tr>
 *   <tr><td>{@link #MODEM_EVENTS}</td><td>Boolean</td><td>false</td></tr>
 *   <tr><td>{@link #UNSUPPORTED_POLICY}</td><td>{@link UnsupportedPolicy}</td><td>RAISE</td></tr>
 * </table>
 *
 * @param <T> the value type
 */
public final class SerialChannelOption<T> extends ChannelOption<T> {

    /** Bits per second; any positive rate, standard or not. Read back from the driver after setting. */
    public static final ChannelOption<Integer> BAUD_RATE = valueOf(SerialChannelOption.class, "BAUD_RATE");
    /** Data bits per character, 5 to 8. */
    public static final ChannelOption<Integer> DATA_BITS = valueOf(SerialChannelOption.class, "DATA_BITS");
    /** The parity bit. */
    public static final ChannelOption<Parity> PARITY = valueOf(SerialChannelOption.class, "PARITY");
    /** Stop bits. */
    public static final ChannelOption<StopBits> STOP_BITS = valueOf(SerialChannelOption.class, "STOP_BITS");
    /** Flow control. */
    public static final ChannelOption<FlowControl> FLOW_CONTROL = valueOf(SerialChannelOption.class, "FLOW_CONTROL");
    /** The DTR line; set before the first byte is sent, and at any time after. */
    public static final ChannelOption<Boolean> DTR = valueOf(SerialChannelOption.class, "DTR");
    /** The RTS line (unless RTS/CTS flow control drives it); set before the first byte, and at any time after. */
    public static final ChannelOption<Boolean> RTS = valueOf(SerialChannelOption.class, "RTS");
    /** Refuse a second opener of the port. */
    public static final ChannelOption<Boolean> EXCLUSIVE = valueOf(SerialChannelOption.class, "EXCLUSIVE");
    /** Ask the driver for low latency (Linux ASYNC_LOW_LATENCY; the FTDI latency timer drops to 1 ms). */
    public static final ChannelOption<Boolean> LOW_LATENCY = valueOf(SerialChannelOption.class, "LOW_LATENCY");
    /** Kernel RS-485 mode, or {@code null} to leave the port as the driver has it. */
    public static final ChannelOption<Rs485Config> RS485 = valueOf(SerialChannelOption.class, "RS485");
    /** Fire {@link ModemLinesChangedEvent} and {@link SerialLineErrorEvent} user events. */
    public static final ChannelOption<Boolean> MODEM_EVENTS = valueOf(SerialChannelOption.class, "MODEM_EVENTS");
    /** What to do when the port cannot do what an option asks. */
    public static final ChannelOption<UnsupportedPolicy> UNSUPPORTED_POLICY =
            valueOf(SerialChannelOption.class, "UNSUPPORTED_POLICY");

    @SuppressWarnings({"deprecation", "unused"})
    private SerialChannelOption() {
        super(null);
    }
}
