package org.privyrghlsync.mailbox;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Reads a Privyr new-lead alert: the labelled values of its body, the lead name of its subject and the client id of
 * its "view lead" link. docs/mailbox.md lists the rules.
 */
public final class LeadAlertParser {

    private static final Pattern SUBJECT_NAME = Pattern.compile("^\\s*New\\s+Lead\\s*:(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern LEAD_VIA = Pattern.compile("(?im)^\\s*Lead\\s+via\\s+(.+?)\\s+-\\s+.*$");

    private LeadAlertParser() {
    }

    /**
     * Parses one alert. The HTML part is read first, and the text part when the HTML part is missing or has no
     * labels.
     *
     * @param subject the decoded subject, which may be null
     * @throws UnparseableAlertException when the body has no label, the alert has no lead name, or its links name
     *     different clients
     */
    public static LeadAlert parse(String subject, MailContent content) throws UnparseableAlertException {
        Document html = content.html() == null ? null : Jsoup.parse(content.html());
        String htmlText = html == null ? "" : HtmlText.flatten(html);
        String plainText = content.text() == null ? "" : content.text();

        String body = htmlText;
        Map<AlertLabel, String> values;
        try {
            values = AlertLabels.split(htmlText);
        } catch (UnparseableAlertException htmlProblem) {
            // The text part may still be clear. When it has no labels, the HTML part's problem is reported.
            values = AlertLabels.split(plainText);
            if (values.isEmpty()) {
                throw htmlProblem;
            }
            body = plainText;
        }
        if (values.isEmpty()) {
            body = plainText;
            values = AlertLabels.split(plainText);
        }
        if (values.isEmpty()) {
            throw new UnparseableAlertException("none of the labels " + AlertLabels.describeLabels()
                    + " is in its HTML or text part");
        }

        String name = value(values, AlertLabel.LEAD_NAME);
        if (name == null) {
            name = nameInSubject(subject);
        }
        if (name == null) {
            throw new UnparseableAlertException("it has no lead name: the Lead Name value and the subject after"
                    + " 'New Lead:' are both empty");
        }
        String source = value(values, AlertLabel.SOURCE);
        if (source == null) {
            source = leadViaSource(body);
        }
        List<HtmlText.Link> links = html == null ? List.of() : HtmlText.links(html);
        String clientId = PrivyrLinks.clientId(links, plainText).orElse(null);

        return new LeadAlert(clientId, name, value(values, AlertLabel.PHONE), value(values, AlertLabel.EMAIL),
                value(values, AlertLabel.COMMENTS), value(values, AlertLabel.FORM_NAME),
                value(values, AlertLabel.LEAD_FORM_URL), source);
    }

    /** Returns the name after "New Lead:" in the subject, or null when there is none. */
    static String nameInSubject(String subject) {
        if (subject == null) {
            return null;
        }
        Matcher matcher = SUBJECT_NAME.matcher(subject);
        if (!matcher.matches()) {
            return null;
        }
        String name = matcher.group(1).replaceAll("[\\s\\h]+", " ").strip();
        return name.isEmpty() ? null : name;
    }

    private static String leadViaSource(String body) {
        Matcher matcher = LEAD_VIA.matcher(body);
        return matcher.find() ? matcher.group(1).strip() : null;
    }

    private static String value(Map<AlertLabel, String> values, AlertLabel label) {
        String value = values.get(label);
        return value == null || value.isEmpty() ? null : value;
    }
}
