package org.privyrghlsync.mailbox;

/** The labels of a Privyr lead alert, in the order in which the alert lists them. */
enum AlertLabel {
    LEAD_NAME("Lead Name"),
    PHONE("Phone"),
    EMAIL("Email"),
    COMMENTS("Comments"),
    FORM_NAME("Form Name"),
    LEAD_FORM_URL("Lead Form Url"),
    SOURCE("Source");

    private final String text;

    AlertLabel(String text) {
        this.text = text;
    }

    /** Returns the label as the alert writes it, without the colon. */
    String text() {
        return text;
    }
}
