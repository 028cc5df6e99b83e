package org.privyrghlsync.ghl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GhlApiCallsTest {

    @ParameterizedTest
    @CsvSource({
            "2021-07-08T02:30:00.000Z, 2021-07-08T02:30:00Z",
            "2021-07-08T02:30:00.999Z, 2021-07-08T02:30:00Z",
            "2021-07-08T02:30:00Z, 2021-07-08T02:30:00Z",
            "2021-07-08T08:00:00.5+05:30, 2021-07-08T02:30:00Z",
            "2021-07-08T02:30Z, 2021-07-08T02:30:00Z",
            "2021-07-08, 2021-07-08",
            "next week, next week"})
    void dueDateBecomesWholeSecondsUtc(String dueDate, String expected) {
        assertThat(GhlApiCalls.wholeSecondsUtc(dueDate)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+14155550123|%2B14155550123",
            "John Smith|John%20Smith",
            "a/b?c&d=e|a%2Fb%3Fc%26d%3De",
            "zoë|zo%C3%AB"})
    void valuesAreUrlEncoded(String value, String expected) {
        assertThat(GhlApiCalls.encode(value)).isEqualTo(expected);
    }
}
