package org.privyrghlsync.mapping;

import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
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
}
