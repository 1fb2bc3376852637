package io.jiffy.driver.shub.rtc;

import java.util.function.LongSupplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The SGI Altix SHub RTC timer device, {@code /dev/mmtimer}: what its ioctls answer, and the
 * counter register a user program would have mapped read-only into its address space. Registered
 * as an OSGi service by the SHub RTC driver while it runs (with a frequency of at least 100 kHz).
 *
 * <p>Every method is cheap, lock-free and may be called from any thread.
 */
@ProviderType
public interface MmTimer {

    /** The device's name, as in {@code /dev/mmtimer}. */
    String NAME = "mmtimer";

    /**
     * {@code MMTIMER_GETOFFSET}: the counter register's offset from the start of the page it is
     * mapped in, in 8-byte words (the SHub RTC registers sit on their own page, so this is 0).
     */
    int counterOffset();

    /**
     * {@code MMTIMER_GETRES}: the length of one counter tick in femtoseconds (10<sup>-15</sup> s),
     * rounded to nearest: {@code (10^15 + f/2) / f}; 40,000,000 at 25 MHz.
     */
    long resolutionFemtos();

    /** {@code MMTIMER_GETFREQ}: the counter frequency in Hz. */
    long frequencyHz();

    /** {@code MMTIMER_GETBITS}: the width of the counter in bits, 55. */
    int bits();

    /** {@code MMTIMER_MMAPAVAIL}: whether the counter page can be mapped (read-only) by user programs; true. */
    boolean mmapAvailable();

    /** {@code MMTIMER_GETCOUNTER}: the counter register's current value (55 bits; it wraps to 0). */
    long counter();

    /**
     * The counter register as a program that mapped the mmtimer page sees it: readable, never
     * writable (the driver's mmap refused {@code VM_WRITE} with {@code EPERM}).
     */
    CounterRegister counterRegister();

    /** A read-only view of the RTC counter register; also usable as a {@link LongSupplier}. */
    @ProviderType
    interface CounterRegister extends LongSupplier {

        /** The register's current value, as {@link MmTimer#counter()}. Lock-free and allocation-free. */
        long read();

        /**
         * Always refused: the counter page is mapped read-only.
         *
         * @throws io.jiffy.posix.PosixException always, with errno {@code EPERM} and the message
         *         {@code "EPERM: the mmtimer counter page is read-only"}
         */
        void write(long value);

        /** {@link #read()}. */
        @Override
        default long getAsLong() {
            return read();
        }
    }
}
