package io.jiffy.hookchain.internal;

import java.util.ArrayList;
import java.util.List;

/** A {@link ChainLog} that keeps its lines ({@code LEVEL message}) for assertions. */
final class TestLog implements ChainLog {

    final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public synchronized void warn(String message) {
        lines.add("WARN " + message);
    }

    @Override
    public synchronized void error(String message, Throwable error) {
        lines.add("ERROR " + message);
    }

    synchronized List<String> lines(String level) {
        return lines.stream().filter(l -> l.startsWith(level + " ")).toList();
    }
}
