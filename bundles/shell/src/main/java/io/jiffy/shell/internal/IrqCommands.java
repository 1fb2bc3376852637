package io.jiffy.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.jiffy.machine.IrqInfo;
import io.jiffy.machine.Machine;
import io.jiffy.shell.console.Console;
import io.jiffy.shell.console.Table;

/**
 * The {@code irq:} commands: {@code list}, interrupt counts per line and CPU as the kernel's
 * /proc/interrupts shows them.
 */
@Component(service = Object.class)
@GogoCommand(scope = "irq", function = {"list"})
public class IrqCommands {

    private final Machine machine;

    /** Made by DS with the machine. */
    @Activate
    public IrqCommands(@Reference(name = "machine") Machine machine) {
        this.machine = machine;
    }

    /**
     * {@code irq:list}: one row per line name and owner, a count column per CPU (a line's count
     * in its CPU's column), the owner, and a total row.
     */
    @Descriptor("list interrupt lines with their counts per CPU, like /proc/interrupts")
    public void list(@Descriptor("none: the command takes no arguments") String... args) {
        String cmd = "irq:list";
        Console.run(cmd, args, 0, 0, "", () -> {
            List<IrqInfo> lines = machine.interrupts();
            if (lines.isEmpty()) {
                Console.out().println("no interrupt lines allocated");
                return;
            }
            int cpus = machine.cpus();
            for (IrqInfo line : lines) {
                cpus = Math.max(cpus, line.cpu() + 1);
            }
            // rows keyed by (name, owner) in allocation order
            Map<List<String>, long[]> rows = new LinkedHashMap<>();
            long[] total = new long[cpus];
            for (IrqInfo line : lines) {
                long[] counts = rows.computeIfAbsent(List.of(line.name(), String.valueOf(line.owner())),
                        k -> new long[total.length]);
                if (line.cpu() >= 0) {
                    counts[line.cpu()] += line.count();
                    total[line.cpu()] += line.count();
                }
            }
            String[] headers = new String[cpus + 2];
            headers[0] = "NAME";
            int[] numeric = new int[cpus];
            for (int c = 0; c < cpus; c++) {
                headers[c + 1] = "CPU" + c;
                numeric[c] = c + 1;
            }
            headers[cpus + 1] = "OWNER";
            Table table = new Table(headers).alignRight(numeric);
            for (Map.Entry<List<String>, long[]> row : rows.entrySet()) {
                table.row(cells(row.getKey().get(0), row.getValue(), row.getKey().get(1)));
            }
            table.row(cells("total", total, ""));
            table.print(Console.out());
        });
    }

    private static Object[] cells(String name, long[] counts, String owner) {
        Object[] cells = new Object[counts.length + 2];
        cells[0] = name;
        for (int c = 0; c < counts.length; c++) {
            cells[c + 1] = counts[c];
        }
        cells[counts.length + 1] = owner;
        return cells;
    }
}
