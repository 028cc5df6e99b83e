package org.privyrghlsync.mapping;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.privyrghlsync.events.ClientData;

/**
 * State for mapping one client. The exchange for simple expressions is built on first use, so a mapping
 * without simple rules never creates one. An instance belongs to one {@code map} call and one thread.
 */
final class RuleContext {

    private final ClientData client;
    private final CamelContext camelContext;
    private Exchange exchange;

    RuleContext(ClientData client, CamelContext camelContext) {
        this.client = client;
        this.camelContext = camelContext;
    }

    ClientData client() {
        return client;
    }

    /** Returns an exchange whose body is {@link ClientFields#toSimpleBody} of the client. */
    Exchange exchange() {
        if (exchange == null) {
            exchange = new DefaultExchange(camelContext);
            exchange.getIn().setBody(ClientFields.toSimpleBody(client));
        }
        return exchange;
    }
}
