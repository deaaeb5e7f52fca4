package io.github.nettyserial.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/cli.md against the tool itself (its picocli model, which is what {@code --help} prints): every command
 * has a section, every option of a command is in its section or in the common options, and every option the
 * page names exists.
 */
class CliDocsTest {

    private static final Path CLI_MD = Path.of("").toAbsolutePath().getParent().resolve("docs/cli.md");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--(\\[no-])?[a-z][a-z0-9-]*");
    /** What every command takes, said once on the page. */
    private static final Set<String> EVERYWHERE = Set.of("--help", "--version", "--debug");

    @Test
    void everyCommandAndOptionIsDocumentedAndNothingElse() throws IOException {
        Map<String, String> sections = sections(Files.readString(CLI_MD));
        // the table of the line options; the rest of that section is examples
        String common = String.join("\n", sections.getOrDefault("## Common options", "").lines()
                .filter(l -> l.startsWith("|")).toList());
        List<String> wrong = new ArrayList<>();
        CommandLine root = SerialTool.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false);
        Set<String> commonOptions = options(root.getSubcommands().get("monitor"));
        commonOptions.retainAll(options(root.getSubcommands().get("send")));
        for (String o : names(common)) {
            if (!commonOptions.contains(o) && !EVERYWHERE.contains(o)) {
                wrong.add("Common options names " + o + ", which not every port command has");
            }
        }
        for (List<String> path : CliUsageTest.commandPaths()) {
            CommandLine cmd = root;
            for (String name : path) {
                cmd = cmd.getSubcommands().get(name);
            }
            String heading = heading(sections.keySet(), path);
            if (heading == null) {
                wrong.add("no section '### `serial " + String.join(" ", path) + " ...`'");
                continue;
            }
            String text = heading + "\n" + sections.get(heading);
            Set<String> has = options(cmd);
            for (String o : has) {
                if (!EVERYWHERE.contains(o) && !names(text).contains(o) && !names(common).contains(o)) {
                    wrong.add("serial " + String.join(" ", path) + ": " + o + " is not documented");
                }
            }
            // what the section names must exist: on this command, its subcommands, or (xmodem send and receive
            // share a section) its siblings
            Set<String> allowed = new TreeSet<>(has);
            allowed.addAll(EVERYWHERE);
            allowed.addAll(subcommandOptions(cmd));
            if (cmd.getParent() != root) {
                allowed.addAll(subcommandOptions(cmd.getParent()));
            }
            for (String o : names(text)) {
                if (!allowed.contains(o)) {
                    wrong.add(heading + ": " + o + " is not an option of serial " + String.join(" ", path));
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(sections.size() > 8, sections.keySet().toString());
    }

    /** Level-2 and level-3 headings, each with its text up to the next heading. */
    static Map<String, String> sections(String md) {
        Map<String, String> sections = new LinkedHashMap<>();
        String heading = "";
        StringBuilder body = new StringBuilder();
        for (String line : md.split("\n", -1)) {
            if (line.startsWith("## ") || line.startsWith("### ")) {
                sections.put(heading, body.toString());
                heading = line;
                body.setLength(0);
            } else {
                body.append(line).append('\n');
            }
        }
        sections.put(heading, body.toString());
        return sections;
    }

    /** The section {@code ### `serial xmodem send|receive ...`} covers [xmodem], [xmodem, send], [xmodem, receive]. */
    static String heading(Set<String> headings, List<String> path) {
        for (String h : headings) {
            if (!h.startsWith("### `serial ")) {
                continue;
            }
            String[] words = h.substring("### `serial ".length()).replace("`", "").split(" ");
            boolean match = words.length >= path.size();
            for (int i = 0; match && i < path.size(); i++) {
                match = List.of(words[i].split("\\|")).contains(path.get(i));
            }
            if (match) {
                return h;
            }
        }
        return null;
    }

    /** The options a piece of the page names; {@code --[no-]progress} and {@code --no-progress} are {@code --progress}. */
    static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = OPTION.matcher(text);
        while (m.find()) {
            names.add(m.group().replace("[no-]", "").replaceFirst("^--no-", "--"));
        }
        return names;
    }

    /** A command's long options (negatable ones under their positive name). */
    static Set<String> options(CommandLine cmd) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : cmd.getCommandSpec().options()) {
            for (String n : o.names()) {
                if (n.startsWith("--")) {
                    names.add(n.replace("--no-", "--"));
                }
            }
        }
        return names;
    }

    private static Set<String> subcommandOptions(CommandLine cmd) {
        Set<String> names = new TreeSet<>();
        cmd.getSubcommands().values().forEach(sub -> names.addAll(options(sub)));
        return names;
    }
}
