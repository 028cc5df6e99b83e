package org.privyrghlsync.mapping;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A named conversion applied to a source value before it is written to a GHL field. */
enum Transform {
    /** Keeps the value; strings are only stripped of surrounding white space, as with every transform. */
    NONE("none"),
    LOWERCASE("lowercase"),
    UPPERCASE("uppercase"),
    /** Lower-cases an email address and rejects one without exactly one {@code @}, with spaces or no domain. */
    EMAIL("email"),
    /** Converts a phone number to E.164 and rejects one that libphonenumber cannot parse or validate. */
    E164("e164"),
    /** Keeps the first word of a name. */
    FIRST_NAME("first-name"),
    /** Keeps the words after the first, or nothing for a one-word name. */
    LAST_NAME("last-name"),
    /** Converts true/false, yes/no, on/off and 1/0 (any case) to a Boolean. */
    BOOLEAN("boolean");

    /** A plus sign, ASCII or full-width, before the first digit: the form libphonenumber reads as international. */
    private static final Pattern INTERNATIONAL_FORM = Pattern.compile("\\P{Nd}*[+＋]");

    private static final Pattern EMAIL_FORM =
            Pattern.compile("[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+", Pattern.UNICODE_CHARACTER_CLASS);

    private final String yamlName;

    Transform(String yamlName) {
        this.yamlName = yamlName;
    }

    /** Returns the name used in mapping files, such as {@code first-name}. */
    String yamlName() {
        return yamlName;
    }

    /** Returns the transform with this mapping-file name, or empty. */
    static Optional<Transform> byYamlName(String name) {
        return Arrays.stream(values()).filter(transform -> transform.yamlName.equals(name)).findFirst();
    }

    /** Returns the mapping-file names of all transforms, comma-separated. */
    static String yamlNames() {
        return Arrays.stream(values()).map(Transform::yamlName).collect(Collectors.joining(", "));
    }

    /** Outcome of a transform: a canonical value ({@code null} for "no value") or a rejection, never both. */
    record Result(Object value, String rejection) {
        static Result of(Object value) {
            return new Result(Values.canonical(value), null);
        }

        static Result rejected(String rejection) {
            return new Result(null, rejection);
        }
    }

    /**
     * Applies the transform to a canonical, non-null value. Rejections mask emails and phone numbers.
     *
     * @param phoneRegion the default region for {@link #E164}, or {@code null}
     */
    Result apply(Object value, String phoneRegion) {
        switch (this) {
            case NONE:
                return Result.of(value);
            case LOWERCASE:
                return Result.of(Values.text(value).toLowerCase(Locale.ROOT));
            case UPPERCASE:
                return Result.of(Values.text(value).toUpperCase(Locale.ROOT));
            case FIRST_NAME:
                return Result.of(NameSplitter.firstName(Values.text(value)));
            case LAST_NAME:
                return Result.of(NameSplitter.lastName(Values.text(value)));
            case EMAIL:
                return email(Values.text(value));
            case E164:
                return phone(Values.text(value), phoneRegion);
            case BOOLEAN:
                return bool(value);
            default:
                throw new IllegalStateException("transform without implementation: " + this);
        }
    }

    private static Result email(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!EMAIL_FORM.matcher(lower).matches()) {
            return Result.rejected("value '" + Masking.maskEmail(lower) + "' is not a valid email address");
        }
        return Result.of(lower);
    }

    private static Result phone(String text, String region) {
        Optional<String> e164 = PhoneNormalizer.toE164(text, region);
        if (e164.isEmpty()) {
            String problem = "value '" + Masking.maskText(text) + "' is not a valid phone number";
            if (INTERNATIONAL_FORM.matcher(text).lookingAt()) {
                // The country code is in the number, so the default region played no part.
                return Result.rejected(problem);
            }
            String regionText = region == null ? "no default region" : "default region " + region;
            return Result.rejected(problem + " (" + regionText + ")");
        }
        return Result.of(e164.get());
    }

    private static Result bool(Object value) {
        if (value instanceof Boolean) {
            return Result.of(value);
        }
        String text = Values.text(value).toLowerCase(Locale.ROOT);
        switch (text) {
            case "true", "yes", "on", "1":
                return Result.of(Boolean.TRUE);
            case "false", "no", "off", "0":
                return Result.of(Boolean.FALSE);
            default:
                return Result.rejected("value '" + Masking.maskText(text)
                        + "' is not a boolean; expected true, false, yes, no, on, off, 1 or 0");
        }
    }
}
