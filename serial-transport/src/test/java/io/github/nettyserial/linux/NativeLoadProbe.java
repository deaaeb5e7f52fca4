package io.github.nettyserial.linux;

/** Run in a child JVM by {@link NativeLibrariesTest}: loads the native parts and says what happened. */
public final class NativeLoadProbe {
    private NativeLoadProbe() {
    }

    public static void main(String[] args) {
        try {
            NativeLibraries.ensureAvailable();
            System.out.println("LOADED");
        } catch (UnsupportedOperationException e) {
            System.out.println("FAILED " + e.getMessage());
            System.exit(3);
        }
    }
}
