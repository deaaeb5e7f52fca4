package io.github.nettyserial.examples.at;

/**
 * An unsolicited result code ({@code RING}, {@code +CMTI: "SM",3}, ...), fired by {@link AtClient} as a
 * user event through the pipeline.
 *
 * @param line the whole line
 */
public record AtUnsolicitedEvent(String line) {
}
