package io.github.nettyserial.examples.testutil;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/** The class path of the running tests, for a compiler or a child JVM. */
public final class TestClassPath {

    private TestClassPath() {
    }

    /** Surefire may hand the class path over in the manifest of a booter jar: that is unpacked. */
    public static String get() throws IOException {
        String cp = System.getProperty("java.class.path");
        List<String> entries = new ArrayList<>(List.of(cp.split(File.pathSeparator)));
        if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
            try (JarFile jar = new JarFile(entries.get(0))) {
                String manifest = jar.getManifest() == null ? null
                        : jar.getManifest().getMainAttributes().getValue("Class-Path");
                if (manifest != null) {
                    for (String url : manifest.trim().split("\\s+")) {
                        entries.add(Path.of(URI.create(url)).toString());
                    }
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
