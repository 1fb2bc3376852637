package io.jiffy.timekeeping.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CLOCK_REALTIME: deterministic start in virtual mode, setting it, clock-set listeners, coarse reads. */
class RealtimeTest {

    @RegisterExtension
    final VirtualBoard board = new VirtualBoard();

    @Test
    void inVirtualModeRealtimeStartsEqualToMonotonic() {
        board.machine.advance(123_456_789L);
        assertEquals(board.tk.monotonicNanos(), board.tk.realtimeNanos());
        assertEquals(board.tk.monotonicNanos(), board.tk.rawNanos());
        assertEquals(board.tk.monotonicNanos(), board.tk.boottimeNanos());
    }

    @Test
    void setRealtimeMovesRealtimeNotMonotonicAndTellsListeners() {
        board.tk.addSource(TestClockSource.exact(board.machine, "machine", 100, 1_000_000_000L), "m");
        List<Long> deltas = new ArrayList<>();
        List<Long> seenRealtime = new ArrayList<>();
        board.listeners.add(delta -> {
            throw new IllegalStateException("broken listener");
        });
        board.listeners.add(delta -> {
            deltas.add(delta);
            seenRealtime.add(board.tk.realtimeNanos()); // listeners may read the clock
        });
        board.machine.advance(2_000_000_000L);
        long mono = board.tk.monotonicNanos();
        long epoch = 1_700_000_000_000_000_000L;

        board.tk.setRealtime(epoch);
        assertEquals(epoch, board.tk.realtimeNanos());
        assertEquals(mono, board.tk.monotonicNanos());
        assertEquals(List.of(epoch - 2_000_000_000L), deltas);
        assertEquals(List.of(epoch), seenRealtime);
        assertTrue(board.log.stream().anyMatch(l -> l.startsWith("WARN clock-set listener") && l.contains("broken listener")),
                board.log.toString());

        board.machine.advance(1_000_000_000L);
        assertEquals(epoch + 1_000_000_000L, board.tk.realtimeNanos());
        assertEquals(mono + 1_000_000_000L, board.tk.monotonicNanos());

        board.tk.setRealtime(epoch); // backwards by 1 s
        assertEquals(-1_000_000_000L, deltas.get(1));
        assertEquals(mono + 1_000_000_000L, board.tk.monotonicNanos());
    }

    @Test
    void negativeRealtimeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> board.tk.setRealtime(-1));
        assertTrue(e.getMessage().contains("must not be negative"), e.getMessage());
    }

    @Test
    void aRealtimeSoLateThatItCouldOverflowIsRefused() {
        board.tk.addSource(TestClockSource.exact(board.machine, "machine", 100, 1_000_000_000L), "m");
        long latest = TimekeeperCore.MAX_SETTABLE_REALTIME_NANOS;
        assertEquals(8_277_292_036_854_775_807L, latest, "Linux's TIME_SETTOD_SEC_MAX: 30 years before the end");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> board.tk.setRealtime(Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("too late"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> board.tk.setRealtime(latest + 1));
        assertEquals(board.tk.monotonicNanos(), board.tk.realtimeNanos(), "unchanged");

        board.tk.setRealtime(latest);
        board.machine.advance(1_000_000_000L);
        assertEquals(latest + 1_000_000_000L, board.tk.realtimeNanos(), "and it runs on without overflowing");
    }

    @Test
    void coarseClocksShowTheLastAccumulation() {
        board.tk.addSource(TestClockSource.exact(board.machine, "machine", 100, 1_000_000_000L), "m");
        board.tk.updateWallTime();
        long at = board.tk.monotonicNanos();
        board.machine.advance(1_000L); // no interrupt falls due
        assertEquals(at, board.tk.monotonicCoarseNanos());
        assertEquals(at + 1_000L, board.tk.monotonicNanos());
        board.tk.setRealtime(5_000_000_000L);
        board.machine.advance(1_000L);
        assertEquals(board.tk.monotonicNanos() - 1_000L, board.tk.monotonicCoarseNanos());
        assertEquals(5_000_000_000L, board.tk.realtimeCoarseNanos());
        board.tk.updateWallTime();
        assertEquals(board.tk.monotonicNanos(), board.tk.monotonicCoarseNanos());
        assertEquals(board.tk.realtimeNanos(), board.tk.realtimeCoarseNanos());
    }
}
