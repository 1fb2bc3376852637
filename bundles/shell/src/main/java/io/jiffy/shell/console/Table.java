package io.jiffy.shell.console;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for command output: a header row and rows of cells, columns padded to
 * their widest cell and separated by two spaces, chosen columns right-aligned (numbers).
 * No trailing blanks, so output can be compared and piped.
 */
public final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] right;

    /** A table with these column headers. */
    public Table(String... headers) {
        rows.add(headers.clone());
        right = new boolean[headers.length];
    }

    /** Right-aligns the given columns (0-based). */
    public Table alignRight(int... columns) {
        for (int c : columns) {
            right[c] = true;
        }
        return this;
    }

    /** Adds a row; cells are printed with {@code String.valueOf}, missing cells are blank. */
    public Table row(Object... cells) {
        String[] row = new String[right.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = i < cells.length ? String.valueOf(cells[i]) : "";
        }
        rows.add(row);
        return this;
    }

    /** The number of rows below the header. */
    public int size() {
        return rows.size() - 1;
    }

    /** Prints the header and the rows. */
    public void print(PrintStream out) {
        int[] width = new int[right.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            sb.setLength(0);
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    sb.append("  ");
                }
                String pad = " ".repeat(width[i] - row[i].length());
                sb.append(right[i] ? pad + row[i] : row[i] + pad);
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
