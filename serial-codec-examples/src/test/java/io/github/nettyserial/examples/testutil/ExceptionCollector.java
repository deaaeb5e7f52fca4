package io.github.nettyserial.examples.testutil;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/** The last handler of a test pipeline: keeps every exception and every message that reaches it. */
public final class ExceptionCollector extends ChannelInboundHandlerAdapter {

    public final List<Throwable> exceptions = new ArrayList<>();
    public final List<Object> messages = new ArrayList<>();
    private final boolean keepMessages;

    public ExceptionCollector(boolean keepMessages) {
        this.keepMessages = keepMessages;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (keepMessages) {
            messages.add(msg);
        } else {
            messages.add(msg.getClass());
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        exceptions.add(cause);
    }
}
