package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.privyrghlsync.mapping.MappingFixtures.CAMEL;
import static org.privyrghlsync.mapping.MappingFixtures.client;
import static org.privyrghlsync.mapping.MappingFixtures.mapping;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.privyrghlsync.events.ClientData;

/** {@code ${body[field]}} and {@code ${body[field]} ?: 'text'} are read without Camel, with Camel's results. */
class SimpleBodyFieldTest {

    private static final List<ClientData> CLIENTS = clients();

    private static List<ClientData> clients() {
        List<ClientData> clients = new ArrayList<>();
        for (String source : new String[] {null, "", "  ", "Facebook Lead Ads", "0", "false", "true", " x "}) {
            clients.add(client().source(source).name(source).build());
        }
        clients.add(client().groups("vip", "buyer").build());
        return clients;
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"${body[source]} ?: 'Privyr'", "${body[source]}",
        "${body[name]} ?: 'none'", "${body[groups]} ?: 'no groups'", "${body[groups]}", "${body[created_at]}",
        "${body[id]} ?: ''"})
    void matchesCamelsSimpleLanguage(String text) {
        FieldRule rule = mapping("fields:", "  - target: companyName", "    simple: \"" + text + "\"").rules().get(0);
        assertThat(rule.source()).isInstanceOf(ValueSource.BodyField.class);

        Expression camel = CAMEL.resolveLanguage("simple").createExpression(text);
        camel.init(CAMEL);
        for (ClientData client : CLIENTS) {
            Exchange exchange = new DefaultExchange(CAMEL);
            exchange.getIn().setBody(ClientFields.toSimpleBody(client));
            Object expected = camel.evaluate(exchange, Object.class);
            Object actual = rule.source().read(new RuleContext(client, CAMEL));
            assertThat(actual).as("%s for source %s, groups %s", text, client.source(), client.groups())
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"${body[source]} ?: 'cost $5'", "${body[missing]}",
        "${body[other_fields][Budget]}", "${body[source]} ?: ${body[name]}", "${body[source]}-${body[name]}",
        "${body[name]}?:'none'"})
    void leavesOtherExpressionsToCamel(String text) {
        FieldRule rule = mapping("fields:", "  - target: companyName", "    simple: \"" + text + "\"").rules().get(0);
        assertThat(rule.source()).isInstanceOf(ValueSource.Simple.class);
    }
}
