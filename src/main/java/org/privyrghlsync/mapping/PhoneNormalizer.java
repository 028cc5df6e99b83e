package org.privyrghlsync.mapping;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;

/** Converts phone numbers to E.164 with libphonenumber. */
final class PhoneNormalizer {

    private static final PhoneNumberUtil PHONE_UTIL = PhoneNumberUtil.getInstance();

    private PhoneNormalizer() {
    }

    /**
     * Returns the number in E.164 form, or empty when libphonenumber cannot parse it or considers it invalid.
     *
     * @param raw a number in international form ({@code +}, or the region's international prefix such as
     *     {@code 00}) or in the national form of {@code defaultRegion}; spaces, dashes and brackets are allowed
     * @param defaultRegion the region for national numbers, or {@code null} to accept international numbers only
     */
    static Optional<String> toE164(String raw, String defaultRegion) {
        try {
            PhoneNumber number = PHONE_UTIL.parse(raw, defaultRegion == null ? "ZZ" : defaultRegion);
            if (!PHONE_UTIL.isValidNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(PHONE_UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** Returns the upper-case region code when libphonenumber supports it, or empty. */
    static Optional<String> supportedRegion(String regionCode) {
        String upper = regionCode.toUpperCase(Locale.ROOT);
        return PHONE_UTIL.getSupportedRegions().contains(upper) ? Optional.of(upper) : Optional.empty();
    }
}
