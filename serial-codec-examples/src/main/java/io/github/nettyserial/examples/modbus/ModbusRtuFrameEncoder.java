package io.github.nettyserial.examples.modbus;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes a {@link ModbusRtuFrame} as address, function, data and CRC-16/MODBUS (low byte first). */
@Sharable
public final class ModbusRtuFrameEncoder extends MessageToByteEncoder<ModbusRtuFrame> {

    public ModbusRtuFrameEncoder() {
        super(ModbusRtuFrame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ModbusRtuFrame frame, ByteBuf out) {
        int start = out.writerIndex();
        out.writeByte(frame.unit()).writeByte(frame.function()).writeBytes(frame.dataUnsafe());
        out.writeShortLE(ModbusCrc.compute(out, start, out.writerIndex() - start));
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, ModbusRtuFrame frame, boolean preferDirect) {
        int size = frame.dataLength() + 4;
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }
}
