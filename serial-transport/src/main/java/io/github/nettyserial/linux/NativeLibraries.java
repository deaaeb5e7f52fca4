package io.github.nettyserial.linux;

/** Placeholder, replaced with the real loader. */
public final class NativeLibraries {
    private NativeLibraries() {
    }

    public static void ensureAvailable() {
    }
}
