package org.privyrghlsync.testing.fuzz;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap measurements for the memory bounds of the fuzz tests. */
public final class HeapUsage {

    private HeapUsage() {
    }

    /** Returns the heap in use after asking for full garbage collections until the figure settles. */
    public static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int round = 0; round < 5; round++) {
            System.gc();
            used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 1024 * 1024) {
                break;
            }
            previous = used;
        }
        return used;
    }
}
