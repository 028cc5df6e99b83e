package org.privyrghlsync.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.privyrghlsync.sandbox.RecordedRequest;
import org.privyrghlsync.testing.SyncHarness;

/** Sends messages to the operation routes of a harness runtime and reads their results. */
final class Operations {

    private final SyncHarness harness;
    private final ProducerTemplate template;

    Operations(SyncHarness harness) {
        this.harness = harness;
        this.template = harness.runtime().camelContext().createProducerTemplate();
    }

    /** Sends a body and headers to an operation endpoint and returns the exchange, failed or not. */
    Exchange call(String endpoint, Object body, Map<String, ?> headers) {
        return template.request(endpoint, exchange -> {
            exchange.getMessage().setBody(body);
            headers.forEach(exchange.getMessage()::setHeader);
        });
    }

    /** Sends to an operation endpoint, checks that it succeeded and returns the result body. */
    Object result(String endpoint, Object body, Map<String, ?> headers) {
        Exchange exchange = call(endpoint, body, headers);
        assertThat(exchange.getException()).as(endpoint + " failure").isNull();
        return exchange.getMessage().getBody();
    }

    /** Returns the result of an operation whose result is a JSON object. */
    @SuppressWarnings("unchecked")
    Map<String, Object> map(String endpoint, Object body, Map<String, ?> headers) {
        Object result = result(endpoint, body, headers);
        assertThat(result).as(endpoint + " result").isInstanceOf(Map.class);
        return (Map<String, Object>) result;
    }

    /** Returns the last request the sandbox received with this method and exact path, failing when there is none. */
    RecordedRequest lastRequest(String method, String path) {
        List<RecordedRequest> matching = harness.ghlRequests(method, Pattern.quote(path));
        assertThat(matching).as(method + " " + path + " requests").isNotEmpty();
        return matching.get(matching.size() - 1);
    }

    /** Creates a contact with this email through ghl-create-contact and returns its id. */
    String newContact(String email) {
        return (String) map("direct:ghl-create-contact", Map.of("email", email), Map.of()).get("id");
    }
}
