package io.github.nettyserial.rfc2217;

import static io.github.nettyserial.rfc2217.Telnet.DO;
import static io.github.nettyserial.rfc2217.Telnet.DONT;
import static io.github.nettyserial.rfc2217.Telnet.WILL;
import static io.github.nettyserial.rfc2217.Telnet.WONT;

/**
 * The option states of one Telnet connection, on one side: which options this side agrees to enable for
 * itself ("local", it sends WILL) and for the other side ("remote", it sends DO), and which are on. It
 * answers a negotiation only when a state changes, so two sides cannot loop (RFC 1143's rule, simplified:
 * an option is only asked for once). Not thread-safe; use it on the connection's event loop.
 */
public final class TelnetNegotiator {
    private final boolean[] acceptLocal = new boolean[256];
    private final boolean[] acceptRemote = new boolean[256];
    private final boolean[] local = new boolean[256];
    private final boolean[] remote = new boolean[256];
    private final boolean[] localAsked = new boolean[256];
    private final boolean[] remoteAsked = new boolean[256];

    /** Agrees to enable {@code options} on this side when asked (DO is answered with WILL). */
    public TelnetNegotiator acceptLocally(int... options) {
        for (int o : options) {
            acceptLocal[o] = true;
        }
        return this;
    }

    /** Agrees to the other side enabling {@code options} (WILL is answered with DO). */
    public TelnetNegotiator acceptRemotely(int... options) {
        for (int o : options) {
            acceptRemote[o] = true;
        }
        return this;
    }

    /** Offers {@code option} on this side: returns {@code WILL option} to send, or {@code null} if on or offered. */
    public TelnetCommand offer(int option) {
        acceptLocal[option] = true;
        if (local[option] || localAsked[option]) {
            return null;
        }
        localAsked[option] = true;
        return TelnetCommand.negotiation(WILL, option);
    }

    /** Asks the other side to enable {@code option}: returns {@code DO option}, or {@code null} if on or asked. */
    public TelnetCommand ask(int option) {
        acceptRemote[option] = true;
        if (remote[option] || remoteAsked[option]) {
            return null;
        }
        remoteAsked[option] = true;
        return TelnetCommand.negotiation(DO, option);
    }

    /**
     * Takes a negotiation received from the other side and updates the states.
     *
     * @return the answer to send, or {@code null} when none is due (an acknowledgement, or no change)
     */
    public TelnetCommand receive(TelnetCommand command) {
        int o = command.option();
        switch (command.command()) {
            case WILL:
                if (remote[o]) {
                    return null;
                }
                if (acceptRemote[o]) {
                    remote[o] = true;
                    boolean asked = remoteAsked[o];
                    remoteAsked[o] = false;
                    return asked ? null : TelnetCommand.negotiation(DO, o);
                }
                return TelnetCommand.negotiation(DONT, o);
            case WONT: {
                boolean was = remote[o];
                remote[o] = false;
                remoteAsked[o] = false;
                return was ? TelnetCommand.negotiation(DONT, o) : null;
            }
            case DO:
                if (local[o]) {
                    return null;
                }
                if (acceptLocal[o]) {
                    local[o] = true;
                    boolean asked = localAsked[o];
                    localAsked[o] = false;
                    return asked ? null : TelnetCommand.negotiation(WILL, o);
                }
                return TelnetCommand.negotiation(WONT, o);
            case DONT: {
                boolean was = local[o];
                local[o] = false;
                localAsked[o] = false;
                return was ? TelnetCommand.negotiation(WONT, o) : null;
            }
            default:
                return null;
        }
    }

    /** Whether {@code option} is on for this side. */
    public boolean isLocal(int option) {
        return local[option];
    }

    /** Whether {@code option} is on for the other side. */
    public boolean isRemote(int option) {
        return remote[option];
    }

    /** Whether this side's offer of {@code option} is still unanswered. */
    public boolean isLocalPending(int option) {
        return localAsked[option];
    }
}
