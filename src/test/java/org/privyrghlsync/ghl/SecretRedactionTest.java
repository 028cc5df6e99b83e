package org.privyrghlsync.ghl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretRedactionTest {

    @Test
    void namedSecretRedacted() {
        assertThat(SecretRedaction.redact("client secret s3cr3t-value-1 was rejected", "s3cr3t-value-1"))
                .isEqualTo("client secret [redacted] was rejected");
    }

    @Test
    void shortSecretNotSearched() {
        // Seven characters could be an ordinary word of the message.
        assertThat(SecretRedaction.redact("contact not found", "contact")).isEqualTo("contact not found");
    }

    @Test
    void tokenShapesRedactedWithoutNames() {
        String text = "Bearer abc.def-123 and pit-1b2c3d4e-aaaa-bbbb-cccc-0123456789ab and"
                + " eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_part";

        assertThat(SecretRedaction.redact(text)).isEqualTo("Bearer [redacted] and [redacted] and [redacted]");
    }

    @Test
    void ordinaryMessageUnchanged() {
        String message = "Contact with id x7Yz0123456789abcdEF not found; phone must be a valid phone number";

        assertThat(SecretRedaction.redact(message, null, "")).isEqualTo(message);
        assertThat(SecretRedaction.redact(null, "s3cr3t-value-1")).isNull();
    }

    @Test
    void escapedTokenInJsonBodyRedacted() {
        String body = "{\"statusCode\":422,\"message\":[\"tok pit\\u002dsandbox\\u002dtoken invalid\"],"
                + "\"meta\":{\"contactId\":\"x7Yz0123456789abcdEF\"}}";

        String redacted = SecretRedaction.redactBody(body, "pit-sandbox-token");

        assertThat(redacted).isEqualTo("{\"statusCode\":422,\"message\":[\"tok [redacted] invalid\"],"
                + "\"meta\":{\"contactId\":\"x7Yz0123456789abcdEF\"}}");
    }

    @Test
    void bodyThatIsNotJsonRedactedAsText() {
        assertThat(SecretRedaction.redactBody("<html>token pit-sandbox-token</html>", "pit-sandbox-token"))
                .isEqualTo("<html>token [redacted]</html>");
    }

    @Test
    void escapedTokenInJsonStringRedacted() {
        String body = "\"tok pit\\u002dsandbox\\u002dtoken invalid\"";

        String redacted = SecretRedaction.redactBody(body, "pit-sandbox-token");

        assertThat(redacted).isEqualTo("\"tok [redacted] invalid\"");
    }

    @Test
    void tokenAfterPercentEscapeRedacted() {
        assertThat(SecretRedaction.redact("redirect?state=%3DeyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_part&x=1"))
                .isEqualTo("redirect?state=%3D[redacted]&x=1");
    }
}
