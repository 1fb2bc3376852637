package io.jiffy.shell.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Layout of the console's plain-text tables. */
class TableTest {

    private static String print(Table table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void padsColumnsAndAlignsNumbersRight() {
        Table t = new Table("NAME", "COUNT", "OWNER").alignRight(1);
        t.row("tick", 12345, "io.jiffy.machine");
        t.row("a-much-longer-name", 7, "x");
        assertEquals(2, t.size());
        assertEquals(""
                + "NAME                COUNT  OWNER\n"
                + "tick                12345  io.jiffy.machine\n"
                + "a-much-longer-name      7  x\n", print(t));
    }

    @Test
    void noTrailingBlanksAndMissingCellsAreEmpty() {
        Table t = new Table("A", "B");
        t.row("x");
        t.row("longer", "");
        assertEquals("A       B\nx\nlonger\n", print(t));
    }
}
