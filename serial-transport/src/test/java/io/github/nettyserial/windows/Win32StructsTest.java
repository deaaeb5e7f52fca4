package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The struct layouts the backend uses as raw offsets, checked against JNA's own layout of the same C structs
 * (fixed-width fields only, so x86-64 Linux lays them out as x64 Windows does) and against the sizes
 * measured with the mingw-w64 headers: DCB 28, COMMTIMEOUTS 20, COMSTAT 12, OVERLAPPED 32,
 * OVERLAPPED_ENTRY 32.
 */
class Win32StructsTest {

    /** A C struct as JNA lays it out, with its field offsets visible to the test. */
    abstract static class Layout extends Structure {
        int offset(String field) {
            return fieldOffset(field);
        }
    }

    /** typedef struct _DCB with the bitfield as one DWORD and BYTE/WORD fields as byte/short. */
    public static final class DCB extends Layout {
        public int DCBlength;
        public int BaudRate;
        public int flags;
        public short wReserved;
        public short XonLim;
        public short XoffLim;
        public byte ByteSize;
        public byte Parity;
        public byte StopBits;
        public byte XonChar;
        public byte XoffChar;
        public byte ErrorChar;
        public byte EofChar;
        public byte EvtChar;
        public short wReserved1;

        @Override
        protected List<String> getFieldOrder() {
            return List.of("DCBlength", "BaudRate", "flags", "wReserved", "XonLim", "XoffLim", "ByteSize", "Parity",
                    "StopBits", "XonChar", "XoffChar", "ErrorChar", "EofChar", "EvtChar", "wReserved1");
        }

    }

    public static final class COMMTIMEOUTS extends Layout {
        public int ReadIntervalTimeout;
        public int ReadTotalTimeoutMultiplier;
        public int ReadTotalTimeoutConstant;
        public int WriteTotalTimeoutMultiplier;
        public int WriteTotalTimeoutConstant;

        @Override
        protected List<String> getFieldOrder() {
            return List.of("ReadIntervalTimeout", "ReadTotalTimeoutMultiplier", "ReadTotalTimeoutConstant",
                    "WriteTotalTimeoutMultiplier", "WriteTotalTimeoutConstant");
        }

    }

    public static final class COMSTAT extends Layout {
        public int flags;
        public int cbInQue;
        public int cbOutQue;

        @Override
        protected List<String> getFieldOrder() {
            return List.of("flags", "cbInQue", "cbOutQue");
        }

    }

    /** ULONG_PTR Internal, InternalHigh; DWORD Offset, OffsetHigh (union with PVOID Pointer); HANDLE hEvent. */
    public static final class OVERLAPPED extends Layout {
        public long Internal;
        public long InternalHigh;
        public int Offset;
        public int OffsetHigh;
        public Pointer hEvent;

        @Override
        protected List<String> getFieldOrder() {
            return List.of("Internal", "InternalHigh", "Offset", "OffsetHigh", "hEvent");
        }

    }

    /** ULONG_PTR lpCompletionKey; LPOVERLAPPED lpOverlapped; ULONG_PTR Internal; DWORD dwNumberOfBytesTransferred. */
    public static final class OVERLAPPED_ENTRY extends Layout {
        public long lpCompletionKey;
        public Pointer lpOverlapped;
        public long Internal;
        public int dwNumberOfBytesTransferred;

        @Override
        protected List<String> getFieldOrder() {
            return List.of("lpCompletionKey", "lpOverlapped", "Internal", "dwNumberOfBytesTransferred");
        }

    }

    @Test
    void dcbIs28BytesWithTheMeasuredOffsets() {
        DCB s = new DCB();
        assertEquals(28, s.size());
        assertEquals(28, Dcb.SIZE);
        assertEquals(s.offset("DCBlength"), Dcb.DCB_LENGTH);
        assertEquals(s.offset("BaudRate"), Dcb.BAUD_RATE);
        assertEquals(s.offset("flags"), Dcb.FLAGS);
        assertEquals(s.offset("wReserved"), Dcb.W_RESERVED);
        assertEquals(s.offset("XonLim"), Dcb.XON_LIM);
        assertEquals(s.offset("XoffLim"), Dcb.XOFF_LIM);
        assertEquals(s.offset("ByteSize"), Dcb.BYTE_SIZE);
        assertEquals(s.offset("Parity"), Dcb.PARITY);
        assertEquals(s.offset("StopBits"), Dcb.STOP_BITS);
        assertEquals(s.offset("XonChar"), Dcb.XON_CHAR);
        assertEquals(s.offset("XoffChar"), Dcb.XOFF_CHAR);
        assertEquals(s.offset("ErrorChar"), Dcb.ERROR_CHAR);
        assertEquals(s.offset("EofChar"), Dcb.EOF_CHAR);
        assertEquals(s.offset("EvtChar"), Dcb.EVT_CHAR);
        assertEquals(s.offset("wReserved1"), Dcb.W_RESERVED1);
        // The values measured with the mingw-w64 headers (notes, Part A2).
        assertEquals(18, Dcb.BYTE_SIZE);
        assertEquals(21, Dcb.XON_CHAR);
        assertEquals(25, Dcb.EVT_CHAR);
    }

    /**
     * The DCB bitfield as MSVC packs it (first field in the least significant bit): fBinary:1, fParity:1,
     * fOutxCtsFlow:1, fOutxDsrFlow:1, fDtrControl:2, fDsrSensitivity:1, fTXContinueOnXoff:1, fOutX:1, fInX:1,
     * fErrorChar:1, fNull:1, fRtsControl:2, fAbortOnError:1, fDummy2:17.
     */
    @Test
    void dcbFlagBitsFollowTheBitfieldDeclaration() {
        int[] widths = {1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 17};
        int[] masks = new int[widths.length];
        int shift = 0;
        for (int i = 0; i < widths.length; i++) {
            masks[i] = (int) (((1L << widths[i]) - 1) << shift);
            shift += widths[i];
        }
        assertEquals(32, shift);
        assertEquals(masks[0], Dcb.F_BINARY);
        assertEquals(masks[1], Dcb.F_PARITY);
        assertEquals(masks[2], Dcb.F_OUTX_CTS_FLOW);
        assertEquals(masks[3], Dcb.F_OUTX_DSR_FLOW);
        assertEquals(masks[4], Dcb.F_DTR_CONTROL_MASK);
        assertEquals(Integer.numberOfTrailingZeros(masks[4]), Dcb.F_DTR_CONTROL_SHIFT);
        assertEquals(masks[5], Dcb.F_DSR_SENSITIVITY);
        assertEquals(masks[6], Dcb.F_TX_CONTINUE_ON_XOFF);
        assertEquals(masks[7], Dcb.F_OUTX);
        assertEquals(masks[8], Dcb.F_INX);
        assertEquals(masks[9], Dcb.F_ERROR_CHAR);
        assertEquals(masks[10], Dcb.F_NULL);
        assertEquals(masks[11], Dcb.F_RTS_CONTROL_MASK);
        assertEquals(Integer.numberOfTrailingZeros(masks[11]), Dcb.F_RTS_CONTROL_SHIFT);
        assertEquals(masks[12], Dcb.F_ABORT_ON_ERROR);
        assertEquals(0xFFFF8000, masks[13]);
        // The masks measured from the headers (notes, Part A2).
        assertEquals(0x30, Dcb.F_DTR_CONTROL_MASK);
        assertEquals(0x3000, Dcb.F_RTS_CONTROL_MASK);
        assertEquals(0x4000, Dcb.F_ABORT_ON_ERROR);
    }

    @Test
    void commTimeoutsIs20Bytes() {
        COMMTIMEOUTS s = new COMMTIMEOUTS();
        assertEquals(20, s.size());
        assertEquals(s.size(), Win32Structs.COMMTIMEOUTS_SIZE);
        assertEquals(s.offset("ReadIntervalTimeout"), Win32Structs.CT_READ_INTERVAL);
        assertEquals(s.offset("ReadTotalTimeoutMultiplier"), Win32Structs.CT_READ_TOTAL_MULTIPLIER);
        assertEquals(s.offset("ReadTotalTimeoutConstant"), Win32Structs.CT_READ_TOTAL_CONSTANT);
        assertEquals(s.offset("WriteTotalTimeoutMultiplier"), Win32Structs.CT_WRITE_TOTAL_MULTIPLIER);
        assertEquals(s.offset("WriteTotalTimeoutConstant"), Win32Structs.CT_WRITE_TOTAL_CONSTANT);
    }

    @Test
    void comStatIs12Bytes() {
        COMSTAT s = new COMSTAT();
        assertEquals(12, s.size());
        assertEquals(s.size(), Win32Structs.COMSTAT_SIZE);
        assertEquals(s.offset("flags"), Win32Structs.CS_FLAGS);
        assertEquals(s.offset("cbInQue"), Win32Structs.CS_IN_QUE);
        assertEquals(s.offset("cbOutQue"), Win32Structs.CS_OUT_QUE);
        // fCtsHold:1, fDsrHold:1, fRlsdHold:1, fXoffHold:1, fXoffSent:1, fEof:1, fTxim:1
        assertEquals(1 << 6, Win32Structs.CS_TXIM);
    }

    @Test
    void overlappedIs32Bytes() {
        OVERLAPPED s = new OVERLAPPED();
        assertEquals(32, s.size());
        assertEquals(s.size(), Win32Structs.OVERLAPPED_SIZE);
        assertEquals(s.offset("Internal"), Win32Structs.OV_INTERNAL);
        assertEquals(s.offset("InternalHigh"), Win32Structs.OV_INTERNAL_HIGH);
        assertEquals(s.offset("Offset"), Win32Structs.OV_OFFSET);
        assertEquals(s.offset("OffsetHigh"), Win32Structs.OV_OFFSET_HIGH);
        assertEquals(s.offset("hEvent"), Win32Structs.OV_EVENT);
    }

    @Test
    void overlappedEntryIs32Bytes() {
        OVERLAPPED_ENTRY s = new OVERLAPPED_ENTRY();
        assertEquals(32, s.size());
        assertEquals(s.size(), Win32Structs.OVERLAPPED_ENTRY_SIZE);
        assertEquals(s.offset("lpCompletionKey"), Win32Structs.OE_COMPLETION_KEY);
        assertEquals(s.offset("lpOverlapped"), Win32Structs.OE_OVERLAPPED);
        assertEquals(s.offset("Internal"), Win32Structs.OE_INTERNAL);
        assertEquals(s.offset("dwNumberOfBytesTransferred"), Win32Structs.OE_BYTES);
    }
}
