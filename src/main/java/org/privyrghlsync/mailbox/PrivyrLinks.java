package org.privyrghlsync.mailbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds Privyr's client id in the "view lead" link of an alert: {@code https://app.privyr.com/client/<id>}, either
 * as written or wrapped in a click-tracking redirect that carries that URL percent-encoded in its own path or query.
 */
final class PrivyrLinks {

    private static final Pattern CLIENT_URL = Pattern.compile(
            "https?://app\\.privyr\\.com/client/(\\d{1,40})(?![0-9A-Za-z_])", Pattern.CASE_INSENSITIVE);
    private static final Pattern TEXT_URL = Pattern.compile("https?://[^\\s<>\"]+", Pattern.CASE_INSENSITIVE);
    private static final Pattern VIEW_LEAD = Pattern.compile("(?i)view\\s+lead");
    // A redirect may encode its target more than once (%252F), so up to three rounds of decoding are tried.
    private static final int DECODE_ROUNDS = 3;

    private PrivyrLinks() {
    }

    /**
     * Returns the client id of the alert. The link whose text contains "view lead" wins. Without one, every link of the
     * HTML part and every URL of the text part must name the same client. Returns empty when no link names a client.
     *
     * @throws UnparseableAlertException when the links name different clients and none is the "view lead" link
     */
    static Optional<String> clientId(List<HtmlText.Link> htmlLinks, String text) throws UnparseableAlertException {
        Set<String> ids = new LinkedHashSet<>();
        for (HtmlText.Link link : htmlLinks) {
            Optional<String> id = clientIdOf(link.href());
            if (id.isPresent() && VIEW_LEAD.matcher(link.text()).find()) {
                return id;
            }
            id.ifPresent(ids::add);
        }
        for (String url : urlsIn(text)) {
            clientIdOf(url).ifPresent(ids::add);
        }
        if (ids.size() > 1) {
            throw new UnparseableAlertException("its links point at " + ids.size()
                    + " different Privyr clients and none of them is the \"view lead\" link");
        }
        return ids.stream().findFirst();
    }

    /** Returns the client id that {@code url} points at, directly or through a redirect, or empty. */
    static Optional<String> clientIdOf(String url) {
        String candidate = url;
        for (int round = 0; round <= DECODE_ROUNDS; round++) {
            Matcher matcher = CLIENT_URL.matcher(candidate);
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
            String decoded = percentDecode(candidate);
            if (decoded.equals(candidate)) {
                break;
            }
            candidate = decoded;
        }
        return Optional.empty();
    }

    private static List<String> urlsIn(String text) {
        List<String> urls = new ArrayList<>();
        if (text != null) {
            Matcher matcher = TEXT_URL.matcher(text);
            while (matcher.find()) {
                urls.add(matcher.group());
            }
        }
        return urls;
    }

    /**
     * Decodes {@code %XX} sequences as UTF-8 and leaves everything else, including {@code +} and malformed escapes, as
     * written. {@link java.net.URLDecoder} would turn {@code +} into a space and reject malformed escapes.
     */
    static String percentDecode(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && isHex(value.charAt(i + 1)) && isHex(value.charAt(i + 2))) {
                bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < value.length()) {
                    encoded = value.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(encoded);
                i++;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
