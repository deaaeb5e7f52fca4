package io.github.nettyserial.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/testing.md honest: every Java snippet whose first line names a file of this repository must appear in
 * that file as it stands, line for line (indentation included), except where a {@code // ...} line marks a cut.
 */
class DocsSnippetsTest {
    /** Surefire runs in the module directory; the docs are one level up. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String PREFIX = "// serial-testkit/";

    @Test
    void everySnippetOfTheTestingGuideIsInItsTestFile() throws IOException {
        List<String> doc = Files.readAllLines(ROOT.resolve("docs/testing.md"));
        int checked = 0;
        for (int i = 0; i < doc.size(); i++) {
            if (!doc.get(i).equals("```java") || i + 1 >= doc.size() || !doc.get(i + 1).startsWith(PREFIX)) {
                continue;
            }
            String file = doc.get(i + 1).substring(3);
            List<String> snippet = new ArrayList<>();
            int j = i + 2;
            for (; !doc.get(j).equals("```"); j++) {
                snippet.add(doc.get(j));
            }
            check(file, snippet, Files.readAllLines(ROOT.resolve(file)));
            checked++;
            i = j;
        }
        assertTrue(checked >= 6, "found only " + checked + " checked snippets in docs/testing.md");
    }

    private static void check(String file, List<String> snippet, List<String> source) {
        int from = 0;
        for (List<String> part : parts(snippet)) {
            int at = find(source, part, from);
            if (at < 0) {
                throw new AssertionError("docs/testing.md: this part of a snippet is not in " + file
                        + " (after line " + from + "):\n" + String.join("\n", part));
            }
            from = at + part.size();
        }
    }

    /** The snippet cut at its "// ..." lines. */
    private static List<List<String>> parts(List<String> snippet) {
        List<List<String>> parts = new ArrayList<>();
        List<String> part = new ArrayList<>();
        for (String line : snippet) {
            if (line.trim().startsWith("// ...")) {
                if (!part.isEmpty()) {
                    parts.add(part);
                }
                part = new ArrayList<>();
            } else {
                part.add(line);
            }
        }
        if (!part.isEmpty()) {
            parts.add(part);
        }
        return parts;
    }

    private static int find(List<String> source, List<String> part, int from) {
        outer:
        for (int i = from; i + part.size() <= source.size(); i++) {
            for (int k = 0; k < part.size(); k++) {
                if (!source.get(i + k).equals(part.get(k))) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
