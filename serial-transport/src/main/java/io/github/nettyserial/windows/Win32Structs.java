package io.github.nettyserial.windows;

/**
 * Sizes and field offsets of the small Win32 structs on x64 (natural alignment, 8-byte pointers), used as
 * raw offsets into native memory; {@link Dcb} has the DCB. Each is checked by a unit test.
 */
final class Win32Structs {
    private Win32Structs() {
    }

    /** COMMTIMEOUTS: five DWORDs. */
    static final int COMMTIMEOUTS_SIZE = 20;
    static final int CT_READ_INTERVAL = 0;
    static final int CT_READ_TOTAL_MULTIPLIER = 4;
    static final int CT_READ_TOTAL_CONSTANT = 8;
    static final int CT_WRITE_TOTAL_MULTIPLIER = 12;
    static final int CT_WRITE_TOTAL_CONSTANT = 16;

    /** COMSTAT: a bitfield DWORD, then the input and output queue counts. */
    static final int COMSTAT_SIZE = 12;
    static final int CS_FLAGS = 0;
    static final int CS_IN_QUE = 4;
    static final int CS_OUT_QUE = 8;
    static final int CS_TXIM = 0x40;

    /** OVERLAPPED: Internal (NTSTATUS in the low 32 bits), InternalHigh (bytes), Offset, OffsetHigh, hEvent. */
    static final int OVERLAPPED_SIZE = 32;
    static final int OV_INTERNAL = 0;
    static final int OV_INTERNAL_HIGH = 8;
    static final int OV_OFFSET = 16;
    static final int OV_OFFSET_HIGH = 20;
    static final int OV_EVENT = 24;

    /** OVERLAPPED_ENTRY: completion key, OVERLAPPED address, Internal, bytes transferred (+4 padding). */
    static final int OVERLAPPED_ENTRY_SIZE = 32;
    static final int OE_COMPLETION_KEY = 0;
    static final int OE_OVERLAPPED = 8;
    static final int OE_INTERNAL = 16;
    static final int OE_BYTES = 24;
}
