package io.github.nettyserial.examples.xmodem;

/**
 * A received file.
 *
 * @param name the name from the YMODEM header, or {@code null} for XMODEM
 * @param declaredSize the size from the YMODEM header, or -1 when the sender gave none (XMODEM); with a
 *     declared size the content has exactly that length
 * @param content the bytes; an XMODEM file keeps the {@code 0x1A} padding of its last block, because the
 *     protocol cannot tell padding from data
 */
public record XmodemFile(String name, long declaredSize, byte[] content) {

    /** The content without trailing {@code 0x1A} bytes: XMODEM's padding, if the file itself never ends in 0x1A. */
    public byte[] contentWithoutPadding() {
        int n = content.length;
        while (n > 0 && content[n - 1] == 0x1A) {
            n--;
        }
        return java.util.Arrays.copyOf(content, n);
    }
}
