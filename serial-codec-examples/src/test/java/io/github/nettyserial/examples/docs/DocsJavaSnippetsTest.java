package io.github.nettyserial.examples.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import io.github.nettyserial.examples.testutil.TestClassPath;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet of README.md and docs/*.md either compiles against this module's test class path
 * (javax.tools; a fragment is wrapped in a method body, or else in a class body, with the project's packages
 * imported), or is an excerpt whose first line names a file of the repository ({@code // path/File.java}) and
 * stands in that file line for line (indentation aside; a {@code ...} or {@code // ...} line marks a cut).
 */
class DocsJavaSnippetsTest {

    /** Surefire runs in the module directory; the docs are one level up. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static final String IMPORTS = """
            import io.github.nettyserial.*;
            import io.github.nettyserial.examples.at.*;
            import io.github.nettyserial.examples.cobs.*;
            import io.github.nettyserial.examples.modbus.*;
            import io.github.nettyserial.examples.nmea.*;
            import io.github.nettyserial.examples.slip.*;
            import io.github.nettyserial.examples.xmodem.*;
            import io.github.nettyserial.rfc2217.*;
            import io.github.nettyserial.testkit.*;
            import io.github.nettyserial.windows.*;
            import io.netty.bootstrap.*;
            import io.netty.buffer.*;
            import io.netty.channel.*;
            import io.netty.channel.embedded.*;
            import io.netty.channel.epoll.*;
            import io.netty.channel.socket.*;
            import io.netty.util.concurrent.*;
            import java.time.*;
            import java.util.List;
            import java.util.concurrent.TimeUnit;
            import static org.junit.jupiter.api.Assertions.*;
            """;

    record Snippet(String doc, int line, List<String> lines) {
        String where() {
            return doc + ":" + line;
        }
    }

    @Test
    void readmeAndDocsSnippetsCompileOrStandInTheirFile() throws IOException {
        List<Snippet> snippets = new ArrayList<>(snippets(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                snippets.addAll(snippets(doc));
            }
        }
        List<String> failures = new ArrayList<>();
        int compiled = 0;
        for (Snippet s : snippets) {
            String first = s.lines().isEmpty() ? "" : s.lines().get(0).trim();
            if (first.startsWith("// ") && Files.isRegularFile(ROOT.resolve(first.substring(3).trim()))) {
                String problem = excerptProblem(first.substring(3).trim(), s.lines().subList(1, s.lines().size()));
                if (problem != null) {
                    failures.add(s.where() + ": " + problem);
                }
            } else {
                String errors = compile(s);
                if (errors != null) {
                    failures.add(s.where() + " does not compile:\n" + errors);
                }
                compiled++;
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
        assertTrue(compiled >= 4, "only " + compiled + " snippets compiled; the README's at least should be");
    }

    /** The ```java blocks of a Markdown file. */
    static List<Snippet> snippets(Path doc) throws IOException {
        List<String> text = Files.readAllLines(doc);
        List<Snippet> out = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            if (text.get(i).trim().equals("```java")) {
                int start = i + 1;
                List<String> lines = new ArrayList<>();
                for (i = start; i < text.size() && !text.get(i).trim().equals("```"); i++) {
                    lines.add(text.get(i));
                }
                out.add(new Snippet(ROOT.relativize(doc).toString(), start, lines));
            }
        }
        return out;
    }

    /** Null if {@code excerpt}'s parts (cut at "..." lines) stand in the file in order, trimmed line for line. */
    static String excerptProblem(String file, List<String> excerpt) throws IOException {
        List<String> source = Files.readAllLines(ROOT.resolve(file)).stream().map(String::trim).toList();
        List<List<String>> parts = new ArrayList<>();
        List<String> part = new ArrayList<>();
        for (String line : excerpt) {
            String t = line.trim();
            if (t.equals("...") || t.startsWith("// ...")) {
                if (!part.isEmpty()) {
                    parts.add(part);
                }
                part = new ArrayList<>();
            } else if (!t.isEmpty()) {
                part.add(t);
            }
        }
        if (!part.isEmpty()) {
            parts.add(part);
        }
        int from = 0;
        for (List<String> p : parts) {
            int at = find(source.subList(from, source.size()), p);
            if (at < 0) {
                return "this part is not in " + file + (from > 0 ? " after line " + from : "") + ":\n"
                        + String.join("\n", p);
            }
            from += at + p.size();
        }
        return null;
    }

    /** Where {@code part} starts in {@code source}, blank lines of the source skipped; -1 if nowhere. */
    private static int find(List<String> source, List<String> part) {
        for (int i = 0; i < source.size(); i++) {
            int k = 0;
            int j = i;
            while (k < part.size() && j < source.size()) {
                if (source.get(j).isEmpty() && k > 0) {
                    j++;
                    continue;
                }
                if (!source.get(j).equals(part.get(k))) {
                    break;
                }
                j++;
                k++;
            }
            if (k == part.size()) {
                return i;
            }
        }
        return -1;
    }

    /** Null if the snippet compiles as statements, as class members or as a compilation unit; else the errors. */
    static String compile(Snippet s) {
        String body = String.join("\n", s.lines());
        String asStatements = IMPORTS + "class Snippet {\n void snippet() throws Exception {\n" + body + "\n}\n}\n";
        String errors = errors(asStatements);
        if (errors == null) {
            return null;
        }
        if (errors(IMPORTS + "class Snippet {\n" + body + "\n}\n") == null) {
            return null;
        }
        boolean unit = body.contains("\nclass ") || body.startsWith("class ") || body.contains("public class ")
                || body.startsWith("package ") || body.startsWith("import ");
        if (unit && errors(body.startsWith("package ") ? body : IMPORTS + body) == null) {
            return null;
        }
        return errors;
    }

    private static String errors(String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///Snippet.java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            List<String> options = List.of("-proc:none", "-d", Files.createTempDirectory("snippet").toString(),
                    "-classpath", TestClassPath.get(), "-Xlint:none", "-nowarn");
            boolean ok = javac.getTask(out, files, null, options, null, List.of(unit)).call();
            return ok ? null : out.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
