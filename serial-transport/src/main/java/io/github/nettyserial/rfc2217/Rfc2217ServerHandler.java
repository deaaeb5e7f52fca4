package io.github.nettyserial.rfc2217;

import io.github.nettyserial.FlowControl;
import io.github.nettyserial.ModemLines;
import io.github.nettyserial.ModemLinesChangedEvent;
import io.github.nettyserial.Parity;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelConfig;
import io.github.nettyserial.SerialLineErrorEvent;
import io.github.nettyserial.StopBits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * The server side of RFC 2217 (Telnet COM Port Control): exports a serial port to TCP clients such as
 * pyserial's {@code rfc2217://}, a {@code SerialChannel} connected to {@code rfc2217://HOST:PORT}, or any device
 * server client. Put one in the pipeline of each accepted TCP connection, bound to the port to export:
 *
 * <pre>{@code
 * SerialChannel port = ...;   // connected to /dev/ttyUSB0; MODEM_EVENTS on to notify modem lines
 * new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
 *     .childHandler(new ChannelInitializer<SocketChannel>() {
 *         @Override protected void initChannel(SocketChannel ch) {
 *             ch.pipeline().addLast(new Rfc2217ServerHandler(port));
 *         }
 *     })
 *     .bind(2217);
 * }</pre>
 *
 * <p>What it does for the client:
 * <ul>
 *   <li>negotiates BINARY both ways, SUPPRESS-GO-AHEAD and COM-PORT-OPTION, refuses every other option (ECHO
 *       included), and answers an option only when its state changes, so two peers cannot loop;</li>
 *   <li>applies SET-BAUDRATE, -DATASIZE, -PARITY, -STOPSIZE and SET-CONTROL (flow control, DTR, RTS, break) to the
 *       port through its config and operations, on the port's event loop, and answers each with the value
 *       <em>in use</em>, read back from the port: a setting the port refuses is answered with the old value, a
 *       setting the driver changes with what the driver took. A value of 0 asks and is answered the same way.
 *       The break state cannot be read back on Linux, so it is remembered here;</li>
 *   <li>PURGE-DATA discards the port's input and/or output queue, then answers;</li>
 *   <li>NOTIFY-MODEMSTATE from the port's {@link ModemLinesChangedEvent}s (so only while the port has
 *       {@code MODEM_EVENTS} on), with the delta bits set, ANDed with the client's SET-MODEMSTATE-MASK (255 until
 *       set); a client that polls with an empty NOTIFY-MODEMSTATE gets the current lines. NOTIFY-LINESTATE from
 *       {@link SerialLineErrorEvent}s (break, framing, parity, overrun), ANDed with SET-LINESTATE-MASK (0 until
 *       set, as the RFC says). A port without modem lines (a pseudo-terminal) sends no modem state at all rather
 *       than an invented one;</li>
 *   <li>FLOWCONTROL-SUSPEND stops reading the port (its {@code autoRead}) until FLOWCONTROL-RESUME; TCP
 *       backpressure works the same way: a client that does not read stops the port's reads, a port that cannot
 *       take more stops reading the client;</li>
 *   <li>data both ways, with 0xFF doubled on the wire.</li>
 * </ul>
 *
 * <p><b>One client at a time.</b> A new connection takes the port over: the previous client is closed (as
 * ser2net's {@code kickolduser} does, and as {@code serial bridge} does in raw mode). Bytes the port receives while
 * no client is connected are dropped. When the port closes (unplugged, say), the client is closed too.
 *
 * <p>The handler adds the Telnet codec in front of itself and a relay named {@value #PORT_RELAY_NAME} at the end
 * of the port's pipeline (once per port). The TCP channel and the port may run on different event loops; on
 * Linux they usually share one. Setting changes run on the port's loop and never block it.
 */
public final class Rfc2217ServerHandler extends ChannelInboundHandlerAdapter {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(Rfc2217ServerHandler.class);

    /** The name of the relay this handler adds to the port's pipeline. */
    public static final String PORT_RELAY_NAME = "rfc2217-server-relay";

    /** Which client holds a port: set on the exported port's channel. */
    private static final AttributeKey<Rfc2217ServerHandler> ACTIVE =
            AttributeKey.valueOf(Rfc2217ServerHandler.class, "active");

    private final Channel port;
    private final SerialChannelConfig portConfig;
    private final TelnetNegotiator options = new TelnetNegotiator()
            .acceptLocally(Telnet.BINARY, Telnet.SGA)
            .acceptRemotely(Telnet.BINARY, Telnet.SGA, Telnet.COM_PORT_OPTION);
    private ChannelHandlerContext ctx;
    private boolean started;
    /** COM-PORT-OPTION is on: read from the port's loop, which sends notifications. */
    private volatile boolean comPort;
    private volatile int modemStateMask = 0xFF;
    private volatile int lineStateMask;
    private volatile boolean suspended;
    private volatile boolean breakOn;

    /**
     * Binds a new client connection to {@code port}.
     *
     * @param port the port to export: a connected {@link SerialChannel}, or any channel whose config is a
     *        {@link SerialChannelConfig} (the testkit's {@code EmbeddedSerialChannel}, say; break and PURGE-DATA
     *        then are answered without effect, as the port has no such operations)
     * @throws IllegalArgumentException if the channel's config is not a {@link SerialChannelConfig}
     */
    public Rfc2217ServerHandler(Channel port) {
        if (port == null || !(port.config() instanceof SerialChannelConfig)) {
            throw new IllegalArgumentException("an RFC 2217 server exports a serial port, not "
                    + (port == null ? "null" : port + " (its config is not a SerialChannelConfig)"));
        }
        this.port = port;
        this.portConfig = (SerialChannelConfig) port.config();
    }

    // ------------------------------------------------------------------ client side (TCP pipeline)

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.pipeline().addBefore(ctx.name(), null, new TelnetDecoder());
        if (ctx.channel().isActive()) {
            takeOver();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        takeOver();
        ctx.fireChannelActive();
    }

    /** This connection becomes the port's client; the previous one is closed. Offers the options. */
    private void takeOver() {
        if (started) {
            return;
        }
        started = true;
        if (!port.isActive()) {
            logger.info("{}: refusing RFC 2217 client {}: the port is not open", port, ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        Rfc2217ServerHandler previous = port.attr(ACTIVE).getAndSet(this);
        if (previous != null) {
            logger.info("{}: RFC 2217 client {} replaces {}", port, ctx.channel().remoteAddress(),
                    previous.ctx.channel().remoteAddress());
            previous.ctx.close();
        }
        onPortLoop(() -> {
            if (port.pipeline().get(PORT_RELAY_NAME) == null) {
                port.pipeline().addLast(PORT_RELAY_NAME, new PortRelay(port));
            }
            port.config().setAutoRead(true);
        });
        send(options.offer(Telnet.BINARY));
        send(options.ask(Telnet.BINARY));
        send(options.offer(Telnet.SGA));
        send(options.ask(Telnet.SGA));
        send(options.ask(Telnet.COM_PORT_OPTION));
        ctx.flush();
    }

    private void send(TelnetCommand negotiation) {
        if (negotiation != null) {
            ctx.write(TelnetEncoder.encode(ctx.alloc(), negotiation), ctx.voidPromise());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (port.attr(ACTIVE).compareAndSet(this, null)) {
            // A port left unread while nobody listens would fill the driver's buffer; drop instead.
            onPortLoop(() -> port.config().setAutoRead(true));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (port.attr(ACTIVE).get() != this) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf) {
            port.writeAndFlush(msg, port.voidPromise());
            if (!port.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        if (msg instanceof TelnetCommand) {
            TelnetCommand c = (TelnetCommand) msg;
            if (c.isSubnegotiation(Telnet.COM_PORT_OPTION)) {
                byte[] p = c.payload();
                if (p.length > 0) {
                    command(p[0] & 0xFF, Arrays.copyOfRange(p, 1, p.length));
                }
            } else if (c.command() >= Telnet.WILL && c.command() <= Telnet.DONT) {
                negotiation(c);
            }
            return;
        }
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        portReads();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        logger.debug("{}: RFC 2217 client {} failed; closing it", port, ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    /** The port is read while the client takes data: connected, writable and not suspended. */
    private void portReads() {
        boolean on = ctx.channel().isWritable() && !suspended;
        onPortLoop(() -> {
            if (port.attr(ACTIVE).get() == this) {
                port.config().setAutoRead(on);
            }
        });
    }

    // ------------------------------------------------------------------ Telnet negotiation

    /** IAC WILL/WONT/DO/DONT from the client; a client that turns COM-PORT-OPTION on hears the modem lines. */
    private void negotiation(TelnetCommand c) {
        boolean was = comPort;
        TelnetCommand answer = options.receive(c);
        if (answer != null) {
            send(answer);
            ctx.flush();
        }
        comPort = options.isRemote(Telnet.COM_PORT_OPTION);
        if (!was && comPort) {
            onPortLoop(this::sendCurrentModemState);
        }
    }

    // ------------------------------------------------------------------ COM-PORT-OPTION commands

    /**
     * IAC SB COM-PORT-OPTION {@code command} {@code value} IAC SE from the client (IAC already undoubled).
     *
     * @param value the bytes after the command code; not retained
     */
    private void command(int command, byte[] value) {
        int v = value.length > 0 ? value[0] & 0xFF : 0;
        switch (command) {
            case ComPort.SIGNATURE:
                if (value.length == 0) {
                    reply(command, ("netty-serial " + port.remoteAddress()).getBytes(StandardCharsets.US_ASCII));
                }
                return;
            case ComPort.SET_BAUDRATE: {
                int rate = value.length >= 4 ? ComPort.baudRate(value, 0) : 0;
                change(command, rate > 0 ? () -> portConfig.setBaudRate(rate) : null,
                        () -> portConfig.getBaudRate(), true);
                return;
            }
            case ComPort.SET_DATASIZE:
                change(command, v != 0 ? () -> portConfig.setDataBits(v) : null, portConfig::getDataBits, false);
                return;
            case ComPort.SET_PARITY: {
                Parity parity = ComPort.parity(v);
                change(command, parity != null ? () -> portConfig.setParity(parity) : null,
                        () -> ComPort.parityCode(portConfig.getParity()), false);
                return;
            }
            case ComPort.SET_STOPSIZE: {
                StopBits stopBits = ComPort.stopBits(v);
                change(command, stopBits != null ? () -> portConfig.setStopBits(stopBits) : null,
                        () -> ComPort.stopSizeCode(portConfig.getStopBits()), false);
                return;
            }
            case ComPort.SET_CONTROL:
                control(v);
                return;
            case ComPort.NOTIFY_MODEMSTATE:
                // An empty NOTIFY-MODEMSTATE is a poll (pyserial's poll_modem): answer with the lines now.
                onPortLoop(this::sendCurrentModemState);
                return;
            case ComPort.FLOWCONTROL_SUSPEND:
                suspended = true;
                portReads();
                return;
            case ComPort.FLOWCONTROL_RESUME:
                suspended = false;
                portReads();
                return;
            case ComPort.SET_LINESTATE_MASK:
                lineStateMask = v;
                reply(command, new byte[] {(byte) v});
                return;
            case ComPort.SET_MODEMSTATE_MASK:
                modemStateMask = v;
                reply(command, new byte[] {(byte) v});
                return;
            case ComPort.PURGE_DATA:
                purge(v);
                return;
            default:
                logger.debug("{}: ignoring COM-PORT-OPTION command {} from {}", port, command,
                        ctx.channel().remoteAddress());
        }
    }

    private void control(int v) {
        switch (v) {
            case ComPort.CONTROL_FLOW_REQUEST:
            case ComPort.CONTROL_FLOW_NONE:
            case ComPort.CONTROL_FLOW_XON_XOFF:
            case ComPort.CONTROL_FLOW_HARDWARE:
            case ComPort.CONTROL_FLOW_DSR: {
                FlowControl flow = ComPort.flowControl(v);
                change(ComPort.SET_CONTROL, flow != null ? () -> portConfig.setFlowControl(flow) : null,
                        () -> ComPort.flowCode(portConfig.getFlowControl()), false);
                return;
            }
            case CONTROL_INBOUND_FLOW_REQUEST:
            case CONTROL_INBOUND_FLOW_NONE:
            case CONTROL_INBOUND_FLOW_XON_XOFF:
            case CONTROL_INBOUND_FLOW_HARDWARE:
            case CONTROL_INBOUND_FLOW_DTR: {
                // Our flow control is one setting for both directions.
                FlowControl flow = inboundFlow(v);
                change(ComPort.SET_CONTROL, flow != null ? () -> portConfig.setFlowControl(flow) : null,
                        () -> inboundFlowCode(portConfig.getFlowControl()), false);
                return;
            }
            case ComPort.CONTROL_BREAK_REQUEST:
                reply(ComPort.SET_CONTROL, new byte[] {(byte) breakCode()});
                return;
            case ComPort.CONTROL_BREAK_ON:
            case ComPort.CONTROL_BREAK_OFF:
                setBreak(v == ComPort.CONTROL_BREAK_ON);
                return;
            case ComPort.CONTROL_DTR_REQUEST:
            case ComPort.CONTROL_DTR_ON:
            case ComPort.CONTROL_DTR_OFF:
                change(ComPort.SET_CONTROL, v == ComPort.CONTROL_DTR_REQUEST ? null
                                : () -> portConfig.setDtr(v == ComPort.CONTROL_DTR_ON),
                        () -> portConfig.isDtr() ? ComPort.CONTROL_DTR_ON : ComPort.CONTROL_DTR_OFF, false);
                return;
            case ComPort.CONTROL_RTS_REQUEST:
            case ComPort.CONTROL_RTS_ON:
            case ComPort.CONTROL_RTS_OFF:
                change(ComPort.SET_CONTROL, v == ComPort.CONTROL_RTS_REQUEST ? null
                                : () -> portConfig.setRts(v == ComPort.CONTROL_RTS_ON),
                        () -> portConfig.isRts() ? ComPort.CONTROL_RTS_ON : ComPort.CONTROL_RTS_OFF, false);
                return;
            default:
                // DCD flow control (17) and unknown values: not something this port can do; say what is in use.
                change(ComPort.SET_CONTROL, null, () -> ComPort.flowCode(portConfig.getFlowControl()), false);
        }
    }

    // SET-CONTROL values for the inbound direction (RFC 2217 13..16 and 18); our flow control covers both.
    private static final int CONTROL_INBOUND_FLOW_REQUEST = 13;
    private static final int CONTROL_INBOUND_FLOW_NONE = 14;
    private static final int CONTROL_INBOUND_FLOW_XON_XOFF = 15;
    private static final int CONTROL_INBOUND_FLOW_HARDWARE = 16;
    private static final int CONTROL_INBOUND_FLOW_DTR = 18;

    private static FlowControl inboundFlow(int v) {
        switch (v) {
            case CONTROL_INBOUND_FLOW_NONE: return FlowControl.NONE;
            case CONTROL_INBOUND_FLOW_XON_XOFF: return FlowControl.XON_XOFF;
            case CONTROL_INBOUND_FLOW_HARDWARE: return FlowControl.RTS_CTS;
            case CONTROL_INBOUND_FLOW_DTR: return FlowControl.DSR_DTR;
            default: return null;
        }
    }

    private static int inboundFlowCode(FlowControl flow) {
        switch (flow) {
            case XON_XOFF: return CONTROL_INBOUND_FLOW_XON_XOFF;
            case RTS_CTS: return CONTROL_INBOUND_FLOW_HARDWARE;
            case DSR_DTR: return CONTROL_INBOUND_FLOW_DTR;
            default: return CONTROL_INBOUND_FLOW_NONE;
        }
    }

    private int breakCode() {
        return breakOn ? ComPort.CONTROL_BREAK_ON : ComPort.CONTROL_BREAK_OFF;
    }

    /**
     * Applies a change on the port's loop (where a local port's config applies it at once) and answers with the
     * value in use afterwards. A refused change leaves the old value, which is what the answer then says.
     */
    private void change(int command, Runnable apply, IntSupplier inUse, boolean fourBytes) {
        onPortLoop(() -> {
            if (apply != null) {
                try {
                    apply.run();
                } catch (RuntimeException e) {
                    logger.info("{}: {} from RFC 2217 client {} refused: {}", port, ComPort.commandName(command),
                            ctx.channel().remoteAddress(), e.getMessage());
                }
            }
            int value = inUse.getAsInt();
            reply(command, fourBytes
                    ? new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value}
                    : new byte[] {(byte) value});
        });
    }

    private void setBreak(boolean on) {
        if (!(port instanceof SerialChannel)) {
            reply(ComPort.SET_CONTROL, new byte[] {(byte) breakCode()});
            return;
        }
        ((SerialChannel) port).setBreak(on).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                breakOn = on;
            } else {
                logger.info("{}: break {} from RFC 2217 client {} failed: {}", port, on ? "on" : "off",
                        ctx.channel().remoteAddress(), f.cause().getMessage());
            }
            reply(ComPort.SET_CONTROL, new byte[] {(byte) breakCode()});
        });
    }

    private void purge(int v) {
        boolean input = v == ComPort.PURGE_RX || v == ComPort.PURGE_BOTH;
        boolean output = v == ComPort.PURGE_TX || v == ComPort.PURGE_BOTH;
        if (!(port instanceof SerialChannel) || !(input || output)) {
            reply(ComPort.PURGE_DATA, new byte[] {(byte) v});
            return;
        }
        SerialChannel serial = (SerialChannel) port;
        ChannelFuture first = input ? serial.discardInput() : serial.discardOutput();
        first.addListener((ChannelFutureListener) f -> {
            if (input && output) {
                serial.discardOutput().addListener((ChannelFutureListener) g -> reply(ComPort.PURGE_DATA,
                        new byte[] {(byte) v}));
            } else {
                reply(ComPort.PURGE_DATA, new byte[] {(byte) v});
            }
        });
    }

    private void reply(int command, byte[] value) {
        byte[] payload = new byte[1 + value.length];
        payload[0] = (byte) (ComPort.SERVER_OFFSET + command);
        System.arraycopy(value, 0, payload, 1, value.length);
        ctx.writeAndFlush(TelnetEncoder.subnegotiation(ctx.alloc(), Telnet.COM_PORT_OPTION, payload), ctx.voidPromise());
    }

    // ------------------------------------------------------------------ port side

    /** Sends the port's lines now (no delta bits) if it has any and COM-PORT-OPTION is on. Runs on the port's loop. */
    private void sendCurrentModemState() {
        if (!(port instanceof SerialChannel) || !comPort) {
            return;
        }
        ((SerialChannel) port).modemLines().addListener(f -> {
            if (f.isSuccess()) {
                notifyModemState(modemState((ModemLines) f.getNow()));
            } else {
                // A pseudo-terminal has no modem lines: say nothing rather than invent them.
                logger.debug("{}: no modem state for RFC 2217 client {}: {}", port, ctx.channel().remoteAddress(),
                        f.cause().getMessage());
            }
        });
    }

    private void notifyModemState(int state) {
        int masked = state & modemStateMask;
        if (masked != 0 && comPort) {
            reply(ComPort.NOTIFY_MODEMSTATE, new byte[] {(byte) masked});
        }
    }

    private void notifyLineState(int state) {
        int masked = state & lineStateMask;
        if (masked != 0 && comPort) {
            reply(ComPort.NOTIFY_LINESTATE, new byte[] {(byte) masked});
        }
    }

    static int modemState(ModemLines lines) {
        return (lines.dcd() ? ComPort.MODEMSTATE_DCD : 0) | (lines.ri() ? ComPort.MODEMSTATE_RI : 0)
                | (lines.dsr() ? ComPort.MODEMSTATE_DSR : 0) | (lines.cts() ? ComPort.MODEMSTATE_CTS : 0);
    }

    /** The lines now, plus a delta bit for each input that changed (also one that changed and changed back). */
    static int modemState(ModemLinesChangedEvent e) {
        ModemLines was = e.previous();
        ModemLines now = e.current();
        int state = modemState(now);
        if (e.dcdChanges() > 0 || was.dcd() != now.dcd()) {
            state |= ComPort.MODEMSTATE_DELTA_DCD;
        }
        if ((e.riChanges() > 0 || was.ri()) && !now.ri()) {
            state |= ComPort.MODEMSTATE_TRAILING_EDGE_RI;
        }
        if (e.dsrChanges() > 0 || was.dsr() != now.dsr()) {
            state |= ComPort.MODEMSTATE_DELTA_DSR;
        }
        if (e.ctsChanges() > 0 || was.cts() != now.cts()) {
            state |= ComPort.MODEMSTATE_DELTA_CTS;
        }
        return state;
    }

    static int lineState(SerialLineErrorEvent e) {
        return (e.breaks() > 0 ? ComPort.LINESTATE_BREAK : 0)
                | (e.framingErrors() > 0 ? ComPort.LINESTATE_FRAMING_ERROR : 0)
                | (e.parityErrors() > 0 ? ComPort.LINESTATE_PARITY_ERROR : 0)
                | (e.overruns() + e.bufferOverruns() > 0 ? ComPort.LINESTATE_OVERRUN : 0);
    }

    private void onPortLoop(Runnable task) {
        if (port.eventLoop().inEventLoop()) {
            task.run();
        } else {
            port.eventLoop().execute(task);
        }
    }

    /**
     * At the end of the exported port's pipeline: hands the port's bytes and events to whichever client holds the
     * port, and closes that client when the port closes. One per port, shared by the handlers of its clients.
     */
    private static final class PortRelay extends ChannelInboundHandlerAdapter {
        private final Channel port;

        PortRelay(Channel port) {
            this.port = port;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Rfc2217ServerHandler client = port.attr(ACTIVE).get();
            if (client == null || !(msg instanceof ByteBuf)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            Channel tcp = client.ctx.channel();
            // Escaping copies only a buffer that holds 0xFF, once; the rest go out as read.
            client.ctx.writeAndFlush(TelnetEncoder.escape(tcp.alloc(), (ByteBuf) msg), client.ctx.voidPromise());
            if (!tcp.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            Rfc2217ServerHandler client = port.attr(ACTIVE).get();
            if (client != null) {
                if (evt instanceof ModemLinesChangedEvent) {
                    client.notifyModemState(modemState((ModemLinesChangedEvent) evt));
                } else if (evt instanceof SerialLineErrorEvent) {
                    client.notifyLineState(lineState((SerialLineErrorEvent) evt));
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            Rfc2217ServerHandler client = port.attr(ACTIVE).get();
            if (client != null) {
                client.ctx.channel().config().setAutoRead(ctx.channel().isWritable());
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Rfc2217ServerHandler client = port.attr(ACTIVE).getAndSet(null);
            if (client != null) {
                logger.info("{}: port closed; closing RFC 2217 client {}", port, client.ctx.channel().remoteAddress());
                client.ctx.close();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A refused setting is answered to the client with the value in use; an unplug closes the port and
            // so the client (channelInactive). Neither needs more here than a record.
            logger.debug("{}: {}", port, cause.toString());
        }
    }
}
