package io.jiffy.driver.shub.rtc.internal;

import io.jiffy.driver.shub.rtc.MmTimer;
import io.jiffy.posix.Errno;
import io.jiffy.posix.PosixException;

/**
 * The mmtimer device ({@code /dev/mmtimer}) over the SHub RTC: the answers of
 * {@code mmtimer_ioctl} and the read-only mapping of the counter page ({@code mmtimer_mmap}
 * refused {@code VM_WRITE} with {@code EPERM}).
 */
final class MmTimerDevice implements MmTimer {

    /** ia64's default page size, 16 KB. */
    static final long PAGE_SIZE = 16 * 1024;
    /**
     * The RTC counter register's address in the SHub's local MMR space ({@code SH1_RTC} of
     * {@code asm/sn/shub_mmr.h}); the local MMR window itself is page aligned, so the register's
     * offset in its page is this address's offset.
     */
    static final long SH_RTC = 0x0000_0001_101c_0000L;

    private final ShubRtc rtc;
    private final CounterRegister register;

    MmTimerDevice(ShubRtc rtc) {
        this.rtc = rtc;
        this.register = new ReadOnlyCounter(rtc);
    }

    /** MMTIMER_GETOFFSET as the seed computes it: {@code (RTC_COUNTER_ADDR & (PAGE_SIZE - 1)) / 8}. */
    @Override
    public int counterOffset() {
        return (int) ((SH_RTC & (PAGE_SIZE - 1)) / 8);
    }

    @Override
    public long resolutionFemtos() {
        return rtc.femtoPeriod();
    }

    @Override
    public long frequencyHz() {
        return rtc.frequencyHz();
    }

    @Override
    public int bits() {
        return ShubRtc.RTC_BITS;
    }

    /** MMTIMER_MMAPAVAIL: the registers can be mapped when pages are at most 64 KB. */
    @Override
    public boolean mmapAvailable() {
        return PAGE_SIZE <= (1 << 16);
    }

    @Override
    public long counter() {
        return rtc.read();
    }

    @Override
    public CounterRegister counterRegister() {
        return register;
    }

    @Override
    public String toString() {
        return NAME + " (" + rtc.frequencyHz() + " Hz, " + ShubRtc.RTC_BITS + " bits)";
    }

    /** The counter page as mapped by a user program: readable only. */
    private static final class ReadOnlyCounter implements CounterRegister {
        private final ShubRtc rtc;

        ReadOnlyCounter(ShubRtc rtc) {
            this.rtc = rtc;
        }

        @Override
        public long read() {
            return rtc.read();
        }

        @Override
        public void write(long value) {
            throw new PosixException(Errno.EPERM, "the mmtimer counter page is read-only");
        }

        @Override
        public String toString() {
            return "mmtimer counter register (read-only)";
        }
    }
}
