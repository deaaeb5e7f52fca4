package io.github.nettyserial.examples.modbus;

import static io.github.nettyserial.examples.modbus.ModbusFunction.READ_COILS;
import static io.github.nettyserial.examples.modbus.ModbusFunction.READ_DISCRETE_INPUTS;
import static io.github.nettyserial.examples.modbus.ModbusFunction.READ_HOLDING_REGISTERS;
import static io.github.nettyserial.examples.modbus.ModbusFunction.READ_INPUT_REGISTERS;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

/**
 * The slave (server) side of a Modbus RTU bus: answers the requests addressed to its unit from a
 * {@link ModbusDataModel}, applies broadcast writes (unit 0) without answering, ignores frames for other
 * units, and answers unknown functions and malformed requests with exception responses 01 and 03. Place it
 * after a {@link ModbusRtuFrameDecoder} for {@code REQUESTS} and a {@link ModbusRtuFrameEncoder}.
 */
public class ModbusRtuSlave extends SimpleChannelInboundHandler<ModbusRtuFrame> {

    private static final InternalLogger logger = InternalLoggerFactory.getInstance(ModbusRtuSlave.class);

    private final int unit;
    private final ModbusDataModel model;

    /** @param unit this slave's address, 1..247 */
    public ModbusRtuSlave(int unit, ModbusDataModel model) {
        super(ModbusRtuFrame.class);
        if (unit < 1 || unit > 247) {
            throw new IllegalArgumentException("unit: " + unit + " (expected 1..247)");
        }
        this.unit = unit;
        this.model = model;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ModbusRtuFrame frame) {
        boolean broadcast = frame.unit() == 0;
        if (frame.unit() != unit && !broadcast) {
            return;
        }
        ModbusRtuFrame reply;
        try {
            ModbusRequest request = ModbusRequest.fromFrame(frame);
            if (broadcast && !request.isWrite()) {
                return;
            }
            reply = execute(request).toFrame();
        } catch (ModbusExceptionResponse e) {
            reply = ModbusRtuFrame.exception(unit, frame.function(), e.code());
        } catch (RuntimeException e) {
            logger.warn("{} data model failed on {}", ctx.channel(), frame, e);
            reply = ModbusRtuFrame.exception(unit, frame.function(), ModbusFunction.SERVER_DEVICE_FAILURE);
        }
        if (!broadcast) {
            ctx.writeAndFlush(reply);
        }
    }

    private ModbusResponse execute(ModbusRequest r) throws ModbusExceptionResponse {
        int a = r.address();
        int q = r.quantity();
        switch (r.function()) {
            case READ_COILS:
                return ModbusResponse.ofBits(r, model.readCoils(a, q));
            case READ_DISCRETE_INPUTS:
                return ModbusResponse.ofBits(r, model.readDiscreteInputs(a, q));
            case READ_HOLDING_REGISTERS:
                return ModbusResponse.ofRegisters(r, model.readHoldingRegisters(a, q));
            case READ_INPUT_REGISTERS:
                return ModbusResponse.ofRegisters(r, model.readInputRegisters(a, q));
            case ModbusFunction.WRITE_SINGLE_COIL, ModbusFunction.WRITE_MULTIPLE_COILS: {
                int[] v = r.values();
                boolean[] bits = new boolean[v.length];
                for (int i = 0; i < v.length; i++) {
                    bits[i] = v[i] != 0;
                }
                model.writeCoils(a, bits);
                return ModbusResponse.ofWrite(r);
            }
            default:
                model.writeRegisters(a, r.values());
                return ModbusResponse.ofWrite(r);
        }
    }
}
