package io.github.nettyserial.examples.nmea;

import java.util.List;

/**
 * One NMEA 0183 sentence: its start character ({@code $}, or {@code !} for encapsulated data such as AIS),
 * its address (talker + sentence type, e.g. {@code GPGGA}, or {@code P} + maker for proprietary sentences,
 * e.g. {@code PMTK001}) and its comma-separated fields, which may be empty. Immutable.
 */
public final class NmeaSentence {

    private final char start;
    private final String address;
    private final List<String> fields;

    /**
     * @param start {@code '$'} or {@code '!'}
     * @param address the address field: letters and digits, e.g. {@code "GPRMC"} or {@code "PMTK220"}
     * @param fields the data fields; none may contain {@code $ * , ! \ ^ ~} or non-printable characters
     */
    public NmeaSentence(char start, String address, List<String> fields) {
        if (start != '$' && start != '!') {
            throw new IllegalArgumentException("start: '" + start + "' (expected '$' or '!')");
        }
        if (address.length() < 2 || !address.chars().allMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException("address: \"" + address + "\" (expected letters and digits)");
        }
        for (String f : fields) {
            for (int i = 0; i < f.length(); i++) {
                char c = f.charAt(i);
                if (c < 0x20 || c > 0x7E || "$*,!\\^~".indexOf(c) >= 0) {
                    throw new IllegalArgumentException("field \"" + f + "\" has a reserved character '" + c + "'");
                }
            }
        }
        this.start = start;
        this.address = address;
        this.fields = List.copyOf(fields);
    }

    /** A {@code $} sentence. */
    public static NmeaSentence of(String address, String... fields) {
        return new NmeaSentence('$', address, List.of(fields));
    }

    public char start() {
        return start;
    }

    /** The address field, e.g. {@code GPGGA}. */
    public String address() {
        return address;
    }

    /** Whether this is a proprietary sentence ({@code $P...}). */
    public boolean isProprietary() {
        return address.charAt(0) == 'P';
    }

    /** The talker: {@code GP}, {@code GN}, {@code GL}, ...; {@code P} for a proprietary sentence. */
    public String talker() {
        return isProprietary() ? "P" : address.substring(0, 2);
    }

    /** The sentence type: {@code GGA}, {@code RMC}, ...; for a proprietary sentence the maker and the rest. */
    public String type() {
        return isProprietary() ? address.substring(1) : address.substring(2);
    }

    /** The data fields after the address. */
    public List<String> fields() {
        return fields;
    }

    /** The data field at {@code index}, or "" if the sentence has fewer fields. */
    public String field(int index) {
        return index < fields.size() ? fields.get(index) : "";
    }

    /** The body between the start character and the {@code *}. */
    String body() {
        StringBuilder sb = new StringBuilder(address);
        for (String f : fields) {
            sb.append(',').append(f);
        }
        return sb.toString();
    }

    /** XOR of the characters between the start character and the {@code *}. */
    public static int checksum(CharSequence body) {
        int cs = 0;
        for (int i = 0; i < body.length(); i++) {
            cs ^= body.charAt(i);
        }
        return cs;
    }

    /** The sentence as it goes on the wire, with its checksum and without CR LF. */
    @Override
    public String toString() {
        String body = body();
        return start + body + '*' + String.format("%02X", checksum(body));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NmeaSentence s && s.start == start && s.address.equals(address) && s.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return (start * 31 + address.hashCode()) * 31 + fields.hashCode();
    }
}
