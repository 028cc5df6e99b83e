package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void emailInsideMessageIsMasked() {
        String masked = Masking.maskPersonalData("property email Sana.Shaikh@Example.com is invalid");

        assertThat(masked).isEqualTo("property email S***@Example.com is invalid");
    }

    @Test
    void internationalPhoneInsideMessageIsMasked() {
        String masked = Masking.maskPersonalData("phone +91 98765 43210 is not valid");

        assertThat(masked).doesNotContain("98765 43210").contains("+91").contains("10 is not valid");
    }

    @Test
    void longDigitRunIsMasked() {
        assertThat(Masking.maskPersonalData("number 9876543210 rejected")).doesNotContain("9876543210");
    }

    @Test
    void idsAndDatesStayReadable() {
        String message = "Contact with id 10000101 not found at 2025-03-14T09:00:00Z";

        assertThat(Masking.maskPersonalData(message)).isEqualTo(message);
    }

    @Test
    void messageIdWithDottedDomainIsMasked() {
        String masked = Masking.maskMessageId("<0100019582a1c3d4-maya-0001@mail.example.net>");

        assertThat(masked).isEqualTo("<0***@mail.example.net> sha256:2e377e2c");
    }

    @Test
    void messageIdWithoutDotInDomainIsMasked() {
        String masked = Masking.maskMessageId("<abc123@localhost>");

        assertThat(masked).isEqualTo("<a***@localhost> sha256:0aebf37d");
        assertThat(masked).doesNotContain("abc123");
    }

    @Test
    void messageIdsOfOneDomainDiffer() {
        String first = Masking.maskMessageId("<abc123@localhost>");
        String second = Masking.maskMessageId("<abc124@localhost>");

        assertThat(first).isNotEqualTo(second);
        assertThat(second).startsWith("<a***@localhost> sha256:");
    }

    @Test
    void messageIdWithoutBracketsOrAtIsMasked() {
        assertThat(Masking.maskMessageId("abc123@localhost")).startsWith("a***@localhost sha256:");
        assertThat(Masking.maskMessageId("<abc123>")).startsWith("<******> sha256:");
    }
}
