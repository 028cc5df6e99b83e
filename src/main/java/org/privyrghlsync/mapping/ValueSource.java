package org.privyrghlsync.mapping;

import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.util.ObjectHelper;
import org.privyrghlsync.events.ClientData;

/** Source of a mapping rule's value: a client field, an other_fields entry, a constant or a simple expression. */
sealed interface ValueSource {

    /** Returns the raw value for one client; {@code null} when the client has none. */
    Object read(RuleContext context);

    /** A client field such as {@code name}, read with a precomputed accessor. */
    record ClientField(String name, Function<ClientData, Object> reader) implements ValueSource {
        @Override
        public Object read(RuleContext context) {
            return reader.apply(context.client());
        }
    }

    /** An {@code other_fields} entry, matched by its exact Privyr label such as {@code Budget}. */
    record OtherField(String label) implements ValueSource {
        @Override
        public Object read(RuleContext context) {
            return context.client().otherFields().get(label);
        }
    }

    /** A fixed value from the mapping file (a string, number, boolean or list of strings). */
    record Constant(Object value) implements ValueSource {
        @Override
        public Object read(RuleContext context) {
            return value;
        }
    }

    /** A Camel simple expression, compiled once when the mapping is loaded. */
    record Simple(String text, Expression expression) implements ValueSource {
        @Override
        public Object read(RuleContext context) {
            Exchange exchange = context.exchange();
            Object value = expression.evaluate(exchange, Object.class);
            Exception failure = exchange.getException();
            if (failure != null) {
                exchange.setException(null);
                throw new IllegalStateException("simple expression failed", failure);
            }
            return value;
        }
    }

    /**
     * A simple expression of the form {@code ${body[field]}} or {@code ${body[field]} ?: 'text'}, read without
     * Camel. The value is what Camel's simple language returns for the same text over
     * {@link ClientFields#toSimpleBody}: the client field with blank text as null, and for {@code ?:} the text when
     * that value is null, false, empty or the number 0, the tests of Camel's elvis operator (4.18). Evaluating the
     * expression through Camel built a map of every client field and resolved {@code body[field]} by reflection for
     * each client.
     */
    record BodyField(String text, Function<ClientData, Object> reader, String fallback) implements ValueSource {
        @Override
        public Object read(RuleContext context) {
            Object value = reader.apply(context.client());
            if (value instanceof String string && string.isBlank()) {
                value = null;
            }
            if (fallback == null) {
                return value;
            }
            boolean empty = value == null || Boolean.FALSE.equals(value) || ObjectHelper.isEmpty(value)
                    || ObjectHelper.equal(0, value);
            return empty ? fallback : value;
        }
    }
}
