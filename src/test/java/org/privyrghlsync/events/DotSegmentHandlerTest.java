package org.privyrghlsync.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DotSegmentHandlerTest {

    @Test
    void dotSegmentsFoundPlainOrEncoded() {
        assertThat(DotSegmentHandler.hasDotSegment("/privyr/../admin/jobs")).isTrue();
        assertThat(DotSegmentHandler.hasDotSegment("/privyr/%2e%2e/admin/jobs")).isTrue();
        assertThat(DotSegmentHandler.hasDotSegment("/privyr/%2E./admin")).isTrue();
        assertThat(DotSegmentHandler.hasDotSegment("/admin/./jobs")).isTrue();
        assertThat(DotSegmentHandler.hasDotSegment("/admin/%2e")).isTrue();
        assertThat(DotSegmentHandler.hasDotSegment("/admin/..")).isTrue();
    }

    @Test
    void dotsInsideSegmentsPass() {
        assertThat(DotSegmentHandler.hasDotSegment("/privyr/events")).isFalse();
        assertThat(DotSegmentHandler.hasDotSegment("/admin/dead-letters/12")).isFalse();
        assertThat(DotSegmentHandler.hasDotSegment("/files/a..b/.hidden/...")).isFalse();
        assertThat(DotSegmentHandler.hasDotSegment("/x%2e%2e%2e/y%2ez")).isFalse();
        assertThat(DotSegmentHandler.hasDotSegment("/")).isFalse();
    }
}
