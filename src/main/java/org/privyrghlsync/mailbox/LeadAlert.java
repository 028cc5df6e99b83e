package org.privyrghlsync.mailbox;

/**
 * The values of one Privyr new-lead alert email. A label without a value, or one missing from the alert, gives null.
 *
 * @param privyrClientId the numeric client id from the alert's link to {@code app.privyr.com/client/<id>}, or null
 *     when the alert has no such link
 * @param name the {@code Lead Name} value, or the name in the subject when that value is empty; never null
 * @param comments the {@code Comments} value, whose line breaks are kept
 * @param source the {@code Source} value, or the source named in the line "Lead via SOURCE - FORM"
 */
public record LeadAlert(
        String privyrClientId,
        String name,
        String phone,
        String email,
        String comments,
        String formName,
        String formUrl,
        String source) {
}
