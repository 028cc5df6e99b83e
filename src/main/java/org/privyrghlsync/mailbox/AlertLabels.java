package org.privyrghlsync.mailbox;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the text of a lead alert into the values of its labels ({@code Lead Name:}, {@code Phone:}, ...).
 *
 * <p>The split uses the labels, not the line ends, because a flattened HTML alert can put every label on one line
 * and an empty value puts the next label right after the colon ({@code Email: Comments: ...}). A value runs from its
 * label to the next label. The last value runs to the end of its line, or to a "View lead" link text on that line,
 * so the footer after the labels is not read as a value.
 *
 * <p>A label may also appear inside a value, as in a comment "call after 6, Source: a friend". Privyr writes each
 * label once and always in the same order, so the split keeps the longest run of label matches in that order and
 * treats the other matches as text. When two runs are equally long, the later match of a label wins, because a
 * stray label sits inside the free-text Comments value, which comes before the labels it could shadow.
 *
 * <p>Only Comments is free text. A known label left out of the run inside another value means the labels came in
 * another order, and a line of the form "Label: value" inside another value means a label that the parser does not
 * know. Either way Privyr may have changed the alert's format, and the alert is rejected rather than read wrongly.
 */
final class AlertLabels {

    private static final Pattern LABEL;
    private static final List<AlertLabel> GROUP_LABELS = new ArrayList<>();
    private static final Pattern VIEW_LEAD = Pattern.compile("(?i)view\\h+lead");
    /** A line after the first of a value that starts like a label: words and a colon. */
    private static final Pattern LABEL_LINE = Pattern.compile("\\n\\h*\\p{L}[\\p{L}\\h]{0,29}:(?!//)");
    private static final Pattern SPACES = Pattern.compile("[\\s\\h]+");
    // Control characters, zero-width spaces and byte order marks. Other format characters, such as the zero-width
    // joiner inside emoji, are kept.
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\u200b\\ufeff]");

    static {
        // Longer labels come first, so that "Lead Form Url" is not read as "Lead" followed by text. "Name" alone is
        // read as "Lead Name", because some descriptions of the alert use it, but not at the end of a longer word
        // such as "Username".
        List<String> alternatives = new ArrayList<>();
        addAlternative(alternatives, AlertLabel.LEAD_FORM_URL, words("Lead Form Url"));
        addAlternative(alternatives, AlertLabel.LEAD_NAME, words("Lead Name"));
        addAlternative(alternatives, AlertLabel.FORM_NAME, words("Form Name"));
        addAlternative(alternatives, AlertLabel.COMMENTS, "Comments");
        addAlternative(alternatives, AlertLabel.SOURCE, "Source");
        addAlternative(alternatives, AlertLabel.PHONE, "Phone");
        addAlternative(alternatives, AlertLabel.EMAIL, "Email");
        addAlternative(alternatives, AlertLabel.LEAD_NAME, "(?<![\\p{L}\\p{N}])Name");
        LABEL = Pattern.compile(String.join("|", alternatives), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private record LabelMatch(AlertLabel label, int start, int end) {
    }

    private AlertLabels() {
    }

    /**
     * Returns the value of each label found in {@code text}, in label order, with "" for an empty value. A label
     * that is not found has no entry, and text without any label gives an empty map.
     *
     * @throws UnparseableAlertException when a value other than Comments contains a known label out of order or a
     *     line that starts like an unknown label
     */
    static Map<AlertLabel, String> split(String text) throws UnparseableAlertException {
        List<LabelMatch> found = findLabels(text);
        List<LabelMatch> labels = orderedLabels(found);
        Map<AlertLabel, String> raws = new EnumMap<>(AlertLabel.class);
        int commentsStart = -1;
        int commentsEnd = -1;
        for (int i = 0; i < labels.size(); i++) {
            LabelMatch label = labels.get(i);
            int end = i + 1 < labels.size() ? labels.get(i + 1).start() : endOfLastValue(text, label.end());
            raws.put(label.label(), text.substring(label.end(), end));
            if (label.label() == AlertLabel.COMMENTS) {
                commentsStart = label.end();
                commentsEnd = end;
            }
        }
        // Text before the first label and after the last value, such as a greeting or a footer, is not checked.
        int labelsStart = labels.isEmpty() ? 0 : labels.get(0).start();
        int labelsEnd = labels.isEmpty() ? 0 : endOfLastValue(text, labels.get(labels.size() - 1).end());
        for (LabelMatch match : found) {
            boolean inComments = match.start() >= commentsStart && match.start() < commentsEnd;
            boolean inValues = match.start() >= labelsStart && match.start() < labelsEnd;
            if (!labels.contains(match) && inValues && !inComments) {
                throw new UnparseableAlertException("its " + match.label().text() + " label is out of the order "
                        + describeLabels() + " or repeated outside Comments; Privyr may have changed the alert"
                        + " format");
            }
        }
        Map<AlertLabel, String> values = new EnumMap<>(AlertLabel.class);
        for (Map.Entry<AlertLabel, String> raw : raws.entrySet()) {
            if (raw.getKey() == AlertLabel.COMMENTS) {
                values.put(raw.getKey(), cleanMultiLine(raw.getValue()));
                continue;
            }
            if (LABEL_LINE.matcher(raw.getValue()).find()) {
                throw new UnparseableAlertException("its " + raw.getKey().text() + " value has a further line that"
                        + " starts like a label other than " + describeLabels() + "; Privyr may have changed the"
                        + " alert format");
            }
            values.put(raw.getKey(), cleanLine(raw.getValue()));
        }
        return values;
    }

    private static List<LabelMatch> findLabels(String text) {
        List<LabelMatch> matches = new ArrayList<>();
        Matcher matcher = LABEL.matcher(text);
        while (matcher.find()) {
            for (int group = 1; group <= GROUP_LABELS.size(); group++) {
                if (matcher.group(group) != null) {
                    matches.add(new LabelMatch(GROUP_LABELS.get(group - 1), matcher.start(), matcher.end()));
                    break;
                }
            }
        }
        return matches;
    }

    /**
     * Returns the longest subsequence of {@code matches} whose labels are in strictly increasing label order,
     * preferring later matches on ties. There are few matches, so the quadratic search is cheap.
     */
    private static List<LabelMatch> orderedLabels(List<LabelMatch> matches) {
        int count = matches.size();
        int[] runLength = new int[count];
        int[] next = new int[count];
        int first = -1;
        for (int i = count - 1; i >= 0; i--) {
            runLength[i] = 1;
            next[i] = -1;
            for (int j = i + 1; j < count; j++) {
                boolean inOrder = matches.get(j).label().ordinal() > matches.get(i).label().ordinal();
                if (inOrder && runLength[j] + 1 >= runLength[i]) {
                    runLength[i] = runLength[j] + 1;
                    next[i] = j;
                }
            }
        }
        for (int i = 0; i < count; i++) {
            if (first < 0 || runLength[i] >= runLength[first]) {
                first = i;
            }
        }
        List<LabelMatch> run = new ArrayList<>();
        for (int i = first; i >= 0; i = next[i]) {
            run.add(matches.get(i));
        }
        return run;
    }

    private static int endOfLastValue(String text, int from) {
        int lineEnd = text.indexOf('\n', from);
        int end = lineEnd < 0 ? text.length() : lineEnd;
        Matcher viewLead = VIEW_LEAD.matcher(text).region(from, end);
        return viewLead.find() ? viewLead.start() : end;
    }

    /** Collapses a single-line value: line breaks and runs of spaces become one space. */
    private static String cleanLine(String raw) {
        return INVISIBLE.matcher(SPACES.matcher(raw).replaceAll(" ")).replaceAll("").strip();
    }

    /** Trims each line of a multi-line value and drops blank lines at its start and end. */
    private static String cleanMultiLine(String raw) {
        String[] rawLines = raw.replace("\r\n", "\n").replace('\r', '\n').split("\n");
        List<String> lines = new ArrayList<>();
        for (String line : rawLines) {
            lines.add(cleanLine(line));
        }
        while (!lines.isEmpty() && lines.get(0).isEmpty()) {
            lines.remove(0);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return String.join("\n", lines);
    }

    private static String words(String label) {
        return String.join("\\h*", label.split(" "));
    }

    private static void addAlternative(List<String> alternatives, AlertLabel label, String regex) {
        alternatives.add("(" + regex + "\\h*:)");
        GROUP_LABELS.add(label);
    }

    /** Returns the labels as a readable list for messages, such as "Lead Name, Phone, Email". */
    static String describeLabels() {
        List<String> names = new ArrayList<>();
        for (AlertLabel label : AlertLabel.values()) {
            names.add(label.text());
        }
        return String.join(", ", names);
    }
}
