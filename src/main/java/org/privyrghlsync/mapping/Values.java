package org.privyrghlsync.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** Canonical forms of mapped values, so that equal values compare equal after a JSON round trip. */
final class Values {

    private Values() {
    }

    /**
     * Returns the canonical form of a value: strings stripped of surrounding white space, integral numbers as
     * {@link Long}, other numbers as {@link BigDecimal} without trailing zeros, lists element by element.
     * Empty strings and empty lists become {@code null}, which means "no value".
     */
    static Object canonical(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            String stripped = text.strip();
            return stripped.isEmpty() ? null : stripped;
        }
        if (value instanceof Boolean) {
            return value;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return canonicalDecimal(new BigDecimal(big));
        }
        if (value instanceof BigDecimal decimal) {
            return canonicalDecimal(decimal);
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                return Double.toString(number);
            }
            return canonicalDecimal(new BigDecimal(value.toString()));
        }
        if (value instanceof Collection<?> items) {
            List<Object> canonicalItems = new ArrayList<>(items.size());
            for (Object item : items) {
                Object canonicalItem = canonical(item);
                if (canonicalItem != null) {
                    canonicalItems.add(canonicalItem);
                }
            }
            return canonicalItems.isEmpty() ? null : Collections.unmodifiableList(canonicalItems);
        }
        return canonical(value.toString());
    }

    private static Object canonicalDecimal(BigDecimal decimal) {
        BigDecimal stripped = decimal.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.toBigInteger().bitLength() < 64) {
            return stripped.longValueExact();
        }
        return stripped;
    }

    /** Returns the text form of a canonical value; numbers are written without exponent. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(Values::text).collect(Collectors.joining(", "));
        }
        return value.toString();
    }

    /** Returns whether two values are equal after canonicalisation. */
    static boolean same(Object left, Object right) {
        Object canonicalLeft = canonical(left);
        Object canonicalRight = canonical(right);
        if (canonicalLeft instanceof BigDecimal a && canonicalRight instanceof BigDecimal b) {
            return a.compareTo(b) == 0;
        }
        return java.util.Objects.equals(canonicalLeft, canonicalRight);
    }
}
