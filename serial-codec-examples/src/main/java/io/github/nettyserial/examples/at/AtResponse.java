package io.github.nettyserial.examples.at;

import java.util.List;

/**
 * The answer to an AT command that ended well.
 *
 * @param command the command sent, without CR
 * @param lines the information lines before the final result code (the echo excluded)
 * @param finalResult {@code OK}, or {@code CONNECT ...} when the modem went to data mode
 */
public record AtResponse(String command, List<String> lines, String finalResult) {

    public AtResponse {
        lines = List.copyOf(lines);
    }
}
