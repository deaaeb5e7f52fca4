package io.github.nettyserial.internal;

import io.github.nettyserial.SerialException;
import io.github.nettyserial.UnsupportedPolicy;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

/** Carries out {@link UnsupportedPolicy} for a setting or feature the port cannot do. */
public final class Unsupported {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(Unsupported.class);

    private Unsupported() {
    }

    /**
     * Throws {@code problem} under RAISE, logs it under WARN, and returns quietly under IGNORE.
     *
     * @param policy the channel's policy
     * @param problem what the port cannot do, and what it does instead
     */
    public static void handle(UnsupportedPolicy policy, SerialException problem) throws SerialException {
        switch (policy) {
            case RAISE:
                throw problem;
            case WARN:
                logger.warn("{} (UNSUPPORTED_POLICY=WARN: carrying on)", problem.getMessage());
                break;
            default:
                logger.debug("{} (UNSUPPORTED_POLICY=IGNORE)", problem.getMessage());
                break;
        }
    }
}
