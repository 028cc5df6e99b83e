package org.privyrghlsync.ghl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** A runtime's part of a location's budget for the partitions it holds, and when a larger part applies. */
class PartitionShareTest {

    private static final int PARTITIONS = 64;
    private static final long WINDOW = 1_000_000_000L;

    @Test
    void partRoundsDown() {
        assertThat(share(32).partOf(100)).isEqualTo(50);
        assertThat(share(21).partOf(100)).as("32.8 calls").isEqualTo(32);
        assertThat(share(43).partOf(100)).as("67.2 calls").isEqualTo(67);
        assertThat(share(1).partOf(200_000)).as("3,125 calls").isEqualTo(3125);
    }

    @Test
    void partIsAtLeastOneCall() {
        assertThat(share(0).partOf(100)).isEqualTo(1);
        assertThat(share(1).partOf(10)).as("0.16 calls").isEqualTo(1);
        assertThat(share(7).partOf(10)).as("1.09 calls").isEqualTo(1);
    }

    @Test
    void wholeShareKeepsBudget() {
        PartitionShare whole = PartitionShare.of(PARTITIONS, PARTITIONS);

        assertThat(whole).isSameAs(PartitionShare.WHOLE);
        assertThat(whole.partOf(100)).isEqualTo(100);
        assertThat(whole.partOf(1)).isEqualTo(1);
        assertThat(whole.reservePartOf(100, 100)).as("a reserve as large as the budget").isEqualTo(100);
    }

    @Test
    void noLimitStaysNoLimit() {
        assertThat(share(16).partOf(0)).isZero();
        assertThat(share(16).partOf(-1)).isEqualTo(-1);
    }

    @Test
    void largeBudgetDoesNotOverflow() {
        long expected = BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.valueOf(63))
                .divide(BigInteger.valueOf(64)).longValueExact();

        assertThat(share(63).partOf(Long.MAX_VALUE)).isEqualTo(expected);
    }

    @Test
    void partsOfDisjointHoldersFitBudget() {
        // Every way to split 64 partitions between two runtimes that hold at least one each, and an even split among
        // three to eight. A runtime without partitions still gets one call, the one way to exceed the budget.
        for (int held = 1; held < PARTITIONS; held++) {
            for (long budget : new long[] {64, 100, 200_000}) {
                long sum = share(held).partOf(budget) + share(PARTITIONS - held).partOf(budget);
                assertThat(sum).as("%d and %d partitions of %d calls", held, PARTITIONS - held, budget)
                        .isLessThanOrEqualTo(budget);
            }
        }
        for (int runtimes = 3; runtimes <= 8; runtimes++) {
            long sum = 0;
            for (int i = 0; i < runtimes; i++) {
                int held = PARTITIONS / runtimes + (i < PARTITIONS % runtimes ? 1 : 0);
                sum += share(held).partOf(100);
            }
            assertThat(sum).as("%d runtimes", runtimes).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void reservePartRoundsUp() {
        assertThat(share(32).reservePartOf(100, 200_000)).isEqualTo(50);
        assertThat(share(21).reservePartOf(100, 200_000)).as("32.8 calls").isEqualTo(33);
        assertThat(share(1).reservePartOf(100, 200_000)).as("1.6 calls").isEqualTo(2);
        assertThat(share(0).reservePartOf(100, 200_000)).isZero();
    }

    @Test
    void reservePartStaysBelowBudgetPart() {
        // A part of 4 calls, where a reserve part of 4 would pause the runtime before its first call.
        assertThat(share(16).reservePartOf(15, 16)).isEqualTo(3);
        assertThat(share(1).reservePartOf(100, 1000)).as("a part of 15 calls").isEqualTo(2);
        assertThat(share(1).reservePartOf(100, 64)).as("a part of 1 call").isZero();
    }

    @Test
    void lessThanComparesFractions() {
        assertThat(share(16).lessThan(share(32))).isTrue();
        assertThat(share(32).lessThan(share(16))).isFalse();
        assertThat(share(32).lessThan(share(32))).isFalse();
        assertThat(share(63).lessThan(PartitionShare.WHOLE)).isTrue();
        assertThat(PartitionShare.WHOLE.lessThan(share(PARTITIONS))).isFalse();
    }

    @Test
    void heldOutsideRangeIsRejected() {
        assertThatThrownBy(() -> share(65)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Held partitions must be between 0 and the number of partitions 64, got 65");
        assertThatThrownBy(() -> share(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lowerShareAppliesAtOnce() {
        ShareSchedule schedule = new ShareSchedule();

        schedule.change(share(32), 0, WINDOW);

        assertThat(schedule.inEffect(0)).isEqualTo(share(32));
        assertThat(schedule.raiseAt(0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void higherShareAppliesOneWindowLater() {
        ShareSchedule schedule = new ShareSchedule();
        schedule.change(share(16), 0, WINDOW);

        schedule.change(share(32), 100, WINDOW);

        assertThat(schedule.latest()).isEqualTo(share(32));
        assertThat(schedule.inEffect(100)).isEqualTo(share(16));
        assertThat(schedule.inEffect(100 + WINDOW - 1)).isEqualTo(share(16));
        assertThat(schedule.raiseAt(100)).isEqualTo(100 + WINDOW);
        assertThat(schedule.inEffect(100 + WINDOW)).isEqualTo(share(32));
        assertThat(schedule.raiseAt(100 + WINDOW)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void dipWithinWindowDelaysRaise() {
        ShareSchedule schedule = new ShareSchedule();
        schedule.change(share(32), 0, WINDOW);

        // Down to 8 and back to 32 within one window: the other runtime may use the 24 partitions meanwhile.
        schedule.change(share(8), 100, WINDOW);
        schedule.change(share(32), 200, WINDOW);

        assertThat(schedule.inEffect(200 + WINDOW - 1)).isEqualTo(share(8));
        assertThat(schedule.inEffect(200 + WINDOW)).isEqualTo(share(32));
    }

    @Test
    void reportedCountAppliesRaise() {
        ShareSchedule schedule = new ShareSchedule();
        schedule.change(share(16), 0, WINDOW);
        schedule.change(share(32), 100, WINDOW);

        schedule.countReported(99);
        PartitionShare afterEarlierCall = schedule.inEffect(200);
        schedule.countReported(100);

        assertThat(afterEarlierCall).as("a call sent before the change").isEqualTo(share(16));
        assertThat(schedule.inEffect(200)).isEqualTo(share(32));
        assertThat(schedule.raiseAt(200)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void reportedCountKeepsLowerShare() {
        ShareSchedule schedule = new ShareSchedule();
        schedule.change(share(16), 0, WINDOW);

        schedule.countReported(50);

        assertThat(schedule.inEffect(100)).isEqualTo(share(16));
    }

    @Test
    void copyKeepsPendingRaise() {
        ShareSchedule schedule = new ShareSchedule();
        schedule.change(share(16), 0, WINDOW);
        schedule.change(share(32), 100, WINDOW);

        ShareSchedule copy = schedule.copy();

        assertThat(copy.inEffect(200)).isEqualTo(share(16));
        assertThat(copy.inEffect(100 + WINDOW)).isEqualTo(share(32));
    }

    private static PartitionShare share(int held) {
        return PartitionShare.of(held, PARTITIONS);
    }
}
