package io.github.nettyserial.examples.cli;

import io.github.nettyserial.SerialChannel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The set-up every command on one port shares: the PORT parameter and the line options, the options checked
 * before anything is opened, one event loop thread that is shut down however the command ends.
 */
abstract class PortCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PORT", description = "The port, e.g. /dev/ttyUSB0 or COM3.")
    String port;

    @Mixin
    PortOptions line;

    @Override
    public final Integer call() throws Exception {
        line.validate();
        validate();
        EventLoopGroup group = Ports.newGroup();
        try {
            return run(group);
        } finally {
            Ports.shutdown(group);
        }
    }

    /** Refuses the command's own option values; nothing is open yet. */
    void validate() throws Errors.CliException {
    }

    /** The command's work; {@code group} is its loop. */
    abstract int run(EventLoopGroup group) throws Exception;

    /** Opens PORT on {@code group} with the line options. */
    SerialChannel open(EventLoopGroup group, ChannelHandler handler) throws Exception {
        return Ports.open(group, port, line, handler);
    }

    /**
     * Prints the status line, then waits until {@code done}, the port closes (unplugged) or {@code runTime} is
     * over, and closes the port.
     */
    void runUntilDone(SerialChannel ch, CountDownLatch done, RunTime runTime, String statusLine)
            throws InterruptedException {
        ch.closeFuture().addListener(f -> done.countDown());
        status(statusLine);
        runTime.await(done);
        ch.close().syncUninterruptibly();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A status line on stderr (stdout stays the data). */
    void status(String text) {
        err().println(text);
        err().flush();
    }
}
