package io.jiffy.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Comma-separated result files: one header line, then rows; values never contain commas. */
final class Csv {

    private Csv() {
    }

    /** Appends {@code row} to {@code file}, writing {@code header} first if the file is new. */
    static void append(Path file, String header, String row) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            StringBuilder out = new StringBuilder();
            if (!Files.exists(file) || Files.size(file) == 0) {
                out.append(header).append('\n');
            }
            out.append(row).append('\n');
            Files.writeString(file, out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of {@code file} (header excluded), each split at commas; empty if the file is missing. */
    static List<String[]> read(Path file) {
        List<String[]> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                String l = lines.get(i).trim();
                if (!l.isEmpty()) {
                    rows.add(l.split(",", -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
