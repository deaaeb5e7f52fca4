package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.NotASerialPortException;
import io.github.nettyserial.SerialDisconnectedException;
import io.github.nettyserial.SerialException;
import io.github.nettyserial.SerialPortBusyException;
import io.github.nettyserial.SerialPortNotFoundException;
import io.github.nettyserial.UnsupportedSerialConfigurationException;
import io.github.nettyserial.windows.Win32Errors.Op;
import org.junit.jupiter.api.Test;

/** The Win32 → exception table, the same as the anyserial seed's. */
class Win32ErrorsTest {

    private static SerialException map(Op op, int code) {
        SerialException e = Win32Errors.exception("COM7", op, code, "Call");
        assertEquals(code, e.nativeErrorCode(), "every exception carries the Win32 code");
        assertEquals("COM7", e.path());
        assertTrue(e.getMessage().contains("Win32 error " + code), e.getMessage());
        return e;
    }

    @Test
    void openErrors() {
        assertSame(SerialPortNotFoundException.class, map(Op.OPEN, 2).getClass());
        assertSame(SerialPortNotFoundException.class, map(Op.OPEN, 3).getClass());
        assertSame(SerialPortBusyException.class, map(Op.OPEN, 5).getClass());
        assertSame(SerialPortBusyException.class, map(Op.OPEN, 32).getClass());
    }

    @Test
    void configErrors() {
        assertSame(UnsupportedSerialConfigurationException.class, map(Op.CONFIG, 87).getClass());
        assertSame(NotASerialPortException.class, map(Op.PROBE, 1).getClass());
        assertSame(NotASerialPortException.class, map(Op.PROBE, 87).getClass());
    }

    @Test
    void disconnectErrorsDuringIo() {
        for (int code : new int[] {5, 6, 21, 22, 31, 109, 995, 1617}) {
            assertSame(SerialDisconnectedException.class, map(Op.IO, code).getClass(), "code " + code);
            assertTrue(Win32Errors.isDisconnect(code));
        }
        // 87 during I/O is a plain error, not a vanished port.
        assertSame(SerialException.class, map(Op.IO, 87).getClass());
        assertSame(SerialException.class, map(Op.IO, 1168).getClass());
    }

    @Test
    void messagesNameTheError() {
        assertTrue(map(Op.IO, 1617).getMessage().contains("ERROR_DEVICE_REMOVED"));
        assertTrue(map(Op.OPEN, 5).getMessage().contains("another program"));
    }
}
