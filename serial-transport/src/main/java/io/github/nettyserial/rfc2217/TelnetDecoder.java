package io.github.nettyserial.rfc2217;

import static io.github.nettyserial.rfc2217.Telnet.DO;
import static io.github.nettyserial.rfc2217.Telnet.DONT;
import static io.github.nettyserial.rfc2217.Telnet.IAC;
import static io.github.nettyserial.rfc2217.Telnet.SB;
import static io.github.nettyserial.rfc2217.Telnet.SE;
import static io.github.nettyserial.rfc2217.Telnet.WILL;
import static io.github.nettyserial.rfc2217.Telnet.WONT;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a Telnet byte stream into data ({@link ByteBuf}) and commands ({@link TelnetCommand}), in order,
 * and passes both on with {@code fireChannelRead}. Commands may be split across reads at any byte; the
 * state is kept between buffers. One decoder per connection.
 *
 * <p>Data is not copied: a buffer without IAC is passed on as it is; otherwise escaped {@code IAC IAC} pairs
 * are compacted to one 0xFF inside the same buffer, and the data around commands goes on as slices of it.
 * Subnegotiation payloads are unescaped into a small array of their own (they are a few bytes long).
 * {@code IAC x} inside a subnegotiation, where x is neither IAC nor SE, ends the subnegotiation and starts
 * command x (some servers do not escape 0xFF in payloads).
 */
public class TelnetDecoder extends ChannelInboundHandlerAdapter {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(TelnetDecoder.class);
    /** Longer payloads (no RFC 2217 one is) are cut here. */
    private static final int MAX_PAYLOAD = 1024;

    private enum State { DATA, IAC_SEEN, OPTION, SB_OPTION, SB_DATA, SB_IAC }

    private State state = State.DATA;
    private int verb;
    private int sbOption;
    private byte[] sb = new byte[16];
    private int sbLength;
    private final List<Object> out = new ArrayList<>(4);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        decode((ByteBuf) msg, out);
        try {
            for (int i = 0; i < out.size(); i++) {
                ctx.fireChannelRead(out.get(i));
            }
        } finally {
            out.clear();
        }
    }

    /**
     * Decodes {@code in}, taking ownership of it, and adds to {@code out} in stream order the data buffers
     * (each readable, owned by the receiver) and the commands it completes.
     */
    public void decode(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        if (state == State.DATA && in.indexOf(start, end, (byte) IAC) < 0) {
            if (end > start) {
                out.add(in);
            } else {
                in.release();
            }
            return;
        }
        int segment = start; // start of the data not yet handed on
        int w = start;       // where the next data byte goes (compaction in place)
        for (int i = start; i < end; i++) {
            int b = in.getUnsignedByte(i);
            switch (state) {
                case DATA:
                    if (b == IAC) {
                        state = State.IAC_SEEN;
                    } else {
                        if (w != i) {
                            in.setByte(w, b);
                        }
                        w++;
                    }
                    break;
                case IAC_SEEN:
                    segment = afterIac(in, b, segment, w, out);
                    if (b == IAC) {
                        in.setByte(w++, IAC);
                    }
                    break;
                case OPTION:
                    out.add(TelnetCommand.negotiation(verb, b));
                    state = State.DATA;
                    break;
                case SB_OPTION:
                    sbOption = b;
                    sbLength = 0;
                    state = State.SB_DATA;
                    break;
                case SB_DATA:
                    if (b == IAC) {
                        state = State.SB_IAC;
                    } else {
                        append(b);
                    }
                    break;
                default: // SB_IAC
                    if (b == IAC) {
                        append(IAC);
                        state = State.SB_DATA;
                    } else {
                        out.add(TelnetCommand.subnegotiation(sbOption, Arrays.copyOf(sb, sbLength)));
                        state = State.IAC_SEEN;
                        if (b != SE) {
                            logger.debug("IAC {} inside a subnegotiation of option {}: ended it there", b, sbOption);
                            segment = afterIac(in, b, segment, w, out);
                        } else {
                            state = State.DATA;
                        }
                    }
                    break;
            }
        }
        if (w > segment) {
            in.setIndex(segment, w);
            out.add(in);
        } else {
            in.release();
        }
    }

    /**
     * Handles byte {@code b} after an IAC in the data: moves to the next state and, before a command, hands on
     * the data gathered so far. Returns the new start of the pending data.
     */
    private int afterIac(ByteBuf in, int b, int segment, int w, List<Object> out) {
        if (b == IAC) {
            state = State.DATA; // escaped 0xFF: the caller stores it
            return segment;
        }
        if (w > segment) {
            out.add(in.retainedSlice(segment, w - segment));
        }
        if (b == WILL || b == WONT || b == DO || b == DONT) {
            verb = b;
            state = State.OPTION;
        } else if (b == SB) {
            state = State.SB_OPTION;
        } else {
            out.add(TelnetCommand.plain(b));
            state = State.DATA;
        }
        return w;
    }

    private void append(int b) {
        if (sbLength == sb.length) {
            if (sb.length >= MAX_PAYLOAD) {
                return;
            }
            sb = Arrays.copyOf(sb, sb.length * 2);
        }
        sb[sbLength++] = (byte) b;
    }
}
