package io.weft.apps.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Text in aligned columns under upper-case headers, three spaces apart, as {@code docker network ls} prints
 * them. Lines carry no trailing spaces. A key-value view is a table without headers, see {@link #keyValue()}.
 */
final class Table {
    private static final String GAP = "   ";

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** A table whose first line is {@code headers}. */
    Table(String... headers) {
        this.columns = headers.length;
        rows.add(headers.clone());
    }

    private Table(int columns) {
        this.columns = columns;
    }

    /** Two columns, labels and values, without a header line. */
    static Table keyValue() {
        return new Table(2);
    }

    /** Adds a row; a null cell prints as {@code -}. */
    /** A key-value row only when there is a value: for attributes most objects do not have. */
    Table rowIfPresent(String key, Object value) {
        return value == null ? this : row(key, value);
    }

    Table row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells, got " + Arrays.toString(cells));
        }
        String[] text = new String[columns];
        for (int i = 0; i < columns; i++) {
            text[i] = cells[i] == null ? "-" : String.valueOf(cells[i]);
        }
        rows.add(text);
        return this;
    }

    List<String> lines() {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length())).append(GAP);
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
