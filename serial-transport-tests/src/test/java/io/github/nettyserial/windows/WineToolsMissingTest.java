package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without Wine or mingw-w64 the Wine-backed tests fail (never skip) with a message that names what is missing. */
class WineToolsMissingTest {

    @Test
    void aMissingLoaderIsNamed(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> WineHost.start("/nonexistent/wine64", WineHost.DEFAULT_MINGW, dir));
        assertTrue(e.getMessage().contains("/nonexistent/wine64"), e.getMessage());
        assertTrue(e.getMessage().contains("wine64 package"), e.getMessage());
        assertTrue(e.getMessage().contains(WineHost.LOADER_PROPERTY), e.getMessage());
    }

    @Test
    void aMissingCompilerIsNamed(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> WineHost.start("/bin/true", "no-such-x86_64-w64-mingw32-gcc", dir));
        assertTrue(e.getMessage().contains("no-such-x86_64-w64-mingw32-gcc"), e.getMessage());
        assertTrue(e.getMessage().contains("mingw-w64 package"), e.getMessage());
    }
}
