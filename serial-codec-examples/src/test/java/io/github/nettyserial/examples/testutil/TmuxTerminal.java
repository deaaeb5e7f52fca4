package io.github.nettyserial.examples.testutil;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real terminal for a test: a program runs in a tmux pane (a pseudo-terminal with a screen that tmux
 * renders); the test types with {@code send-keys} and reads the screen with {@code capture-pane}. Each
 * instance has its own tmux server (own socket), so tests and other tmux users never meet. After the program
 * ends, the pane shows {@code [exit N]} and its stderr is in {@link #stderr()}.
 */
public final class TmuxTerminal implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final Path socket;
    private final Path stderrFile;

    private TmuxTerminal(Path dir) {
        this.dir = dir;
        this.socket = dir.resolve("tmux.sock");
        this.stderrFile = dir.resolve("stderr");
    }

    /** Starts {@code command} in a new 120x30 UTF-8 terminal. */
    public static TmuxTerminal start(List<String> command) throws IOException, InterruptedException {
        TmuxTerminal t = new TmuxTerminal(Files.createTempDirectory("tmux-term"));
        StringBuilder script = new StringBuilder("#!/bin/sh\n");
        for (String arg : command) {
            script.append('\'').append(arg.replace("'", "'\\''")).append("' ");
        }
        // The exit status stays on the screen; the pane stays open so that the screen can still be read.
        script.append("2>'").append(t.stderrFile).append("'\necho \"[exit $?]\"\nexec sleep 3600\n");
        Path run = t.dir.resolve("run.sh");
        Files.writeString(run, script);
        t.tmux("new-session", "-d", "-x", "120", "-y", "30", "sh " + run);
        return t;
    }

    /** Types {@code text} literally. */
    public void type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-l", text);
    }

    /** Presses keys by tmux's names: {@code Enter}, {@code C-t}, {@code C-]}. */
    public void press(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** The visible screen, one string with a line per row. */
    public String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p");
    }

    /** Waits until the screen shows {@code text}; fails with the screen if it does not within a minute. */
    public String awaitScreen(String text) throws IOException, InterruptedException {
        return awaitScreen("'" + text + "'", s -> s.contains(text));
    }

    /** Waits until the screen satisfies {@code check}; fails with the screen if it does not within a minute. */
    public String awaitScreen(String what, Predicate<String> check) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String screen = screen();
            if (check.test(screen)) {
                return screen;
            }
            if (System.nanoTime() > deadline) {
                fail("the terminal did not show " + what + " within " + TIMEOUT + "; screen:\n" + screen
                        + "\nstderr:\n" + stderr());
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the program has ended and returns its exit status. */
    public int awaitExit() throws IOException, InterruptedException {
        String screen = awaitScreen("an exit status", s -> s.contains("[exit "));
        String tail = screen.substring(screen.indexOf("[exit ") + 6);
        return Integer.parseInt(tail.substring(0, tail.indexOf(']')));
    }

    /** What the program wrote to stderr so far. */
    public String stderr() throws IOException {
        return Files.exists(stderrFile) ? Files.readString(stderrFile, StandardCharsets.UTF_8) : "";
    }

    /** Ends the tmux server with everything in it, and removes its files. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            tmux("kill-server");
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("LANG", "C.UTF-8"); // the pane's programs and tmux itself speak UTF-8
        pb.environment().remove("TMUX");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            fail("tmux is missing: apt-get install -y tmux (" + e.getMessage() + ")");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}
