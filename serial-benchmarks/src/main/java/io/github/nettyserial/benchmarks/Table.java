package io.github.nettyserial.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table, printed as it is (it is also what docs/performance.md shows). */
final class Table {

    private final String title;
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    Table(String title, String... header) {
        this.title = title;
        this.header = header;
    }

    void row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = String.valueOf(cells[i]);
        }
        rows.add(r);
    }

    @Override
    public String toString() {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length && i < w.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder("\n### ").append(title).append("\n\n");
        line(b, header, w);
        String[] dash = new String[header.length];
        for (int i = 0; i < dash.length; i++) {
            dash[i] = "-".repeat(w[i]);
        }
        line(b, dash, w);
        for (String[] r : rows) {
            line(b, r, w);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells, int[] w) {
        b.append('|');
        for (int i = 0; i < w.length; i++) {
            String c = i < cells.length ? cells[i] : "";
            b.append(' ').append(c).append(" ".repeat(w[i] - c.length())).append(" |");
        }
        b.append('\n');
    }
}
