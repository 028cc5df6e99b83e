package org.privyrghlsync.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LeadAlertParserTest {

    @Test
    void trackingWrappedLinkGivesClientId() throws Exception {
        LeadAlert alert = MailFixtures.parse("alert-tracking-link.eml");

        assertThat(alert.privyrClientId()).isEqualTo("58200417");
        assertThat(alert.name()).isEqualTo("Maya Fernandes");
        assertThat(alert.phone()).isEqualTo("+12025550143");
        assertThat(alert.email()).isEqualTo("maya.fernandes@example.com");
        assertThat(alert.comments())
                .isEqualTo("Looking for a two-bedroom flat near the park.\nFree on weekday evenings after 6 pm.");
        assertThat(alert.formName()).isEqualTo("Spring Open House");
        assertThat(alert.formUrl()).isEqualTo("https://forms.example.org/spring-open-house");
        assertThat(alert.source()).isEqualTo("Privyr Lead Forms");
    }

    @Test
    void forwardedLeadWithDirectLink() throws Exception {
        LeadAlert alert = MailFixtures.parse("forwarded-lead.eml");

        assertThat(alert.privyrClientId()).isEqualTo("58200422");
        assertThat(alert.name()).isEqualTo("Oliver Bennett");
        assertThat(alert.phone()).isEqualTo("+61 491 570 156");
        assertThat(alert.email()).isEqualTo("oliver.bennett@example.org");
        assertThat(alert.source()).isEqualTo("Facebook Lead Ads");
    }

    @Test
    void labelInsideCommentsStaysText() throws Exception {
        LeadAlert alert = MailFixtures.parse("forwarded-lead.eml");

        assertThat(alert.comments()).isEqualTo("Prefers a call after lunch. Source: his sister saw the flyer.");
        assertThat(alert.formName()).isEqualTo("Harbour View Enquiry");
        assertThat(alert.formUrl()).isEqualTo("https://forms.example.org/harbour-view");
        assertThat(alert.source()).isEqualTo("Facebook Lead Ads");
    }

    @Test
    void emptyEmailIsAbsent() throws Exception {
        LeadAlert alert = MailFixtures.parse("alert-empty-email.eml");

        assertThat(alert.name()).isEqualTo("Priya Raman");
        assertThat(alert.email()).isNull();
        assertThat(alert.phone()).isEqualTo("+12025550178");
        assertThat(alert.comments()).isEqualTo("Call me back please");
        assertThat(alert.privyrClientId()).isEqualTo("58200425");
    }

    @Test
    void emojiNameKeptIntact() throws Exception {
        // The fixture's subject is an encoded word and its only part is base64-encoded HTML.
        LeadAlert alert = MailFixtures.parse("alert-emoji-name.eml");

        assertThat(alert.name()).isEqualTo("Sam \uD83C\uDF3B Rivera");
        assertThat(alert.comments()).isNull();
        assertThat(alert.formUrl()).isNull();
        assertThat(alert.source()).isEqualTo("Instagram");
        assertThat(alert.privyrClientId()).isEqualTo("58200428");
    }

    @Test
    void labelsOnOneLineSplit() throws Exception {
        LeadAlert alert = MailFixtures.parse("alert-labels-one-line.eml");

        assertThat(alert.name()).isEqualTo("Ана Петровић");
        assertThat(alert.phone()).isEqualTo("+61491570157");
        assertThat(alert.email()).isEqualTo("ana.petrovic@example.org");
        assertThat(alert.comments()).isNull();
        assertThat(alert.formName()).isNull();
        assertThat(alert.formUrl()).isNull();
        assertThat(alert.source()).isEqualTo("Referral");
        assertThat(alert.privyrClientId()).isEqualTo("58200430");
    }

    @Test
    void textOnlyAlertWithoutLink() throws Exception {
        LeadAlert alert = MailFixtures.parse("alert-without-link.eml");

        assertThat(alert.privyrClientId()).isNull();
        assertThat(alert.name()).isEqualTo("Grace Okafor");
        assertThat(alert.email()).isEqualTo("grace.okafor@example.com");
        assertThat(alert.formUrl()).isEqualTo("https://forms.example.org/autumn");
        assertThat(alert.source()).isEqualTo("Google Ads");
    }

    @Test
    void alertWithoutLabelsRejected() {
        assertThatThrownBy(() -> MailFixtures.parse("alert-unparseable.eml"))
                .isInstanceOf(UnparseableAlertException.class)
                .hasMessageContaining("none of the labels Lead Name, Phone, Email");
    }

    @Test
    void reorderedLabelsRejected() {
        MailContent content = new MailContent(null,
                "Lead Name: Re Order\nEmail: re.order@example.com\nPhone: +919845222222\n");

        assertThatThrownBy(() -> LeadAlertParser.parse("New Lead: Re Order", content))
                .isInstanceOf(UnparseableAlertException.class)
                .hasMessageContaining("label is out of the order")
                .hasMessageNotContaining("re.order");
    }

    @Test
    void labelInFooterIgnored() throws Exception {
        MailContent content = new MailContent(null, "Lead Name: Sam Ray\nPhone: +919845222223\n"
                + "Email: sam@example.com\nSource: Facebook\n\nQuestions? Email: support@example.org\n");

        LeadAlert alert = LeadAlertParser.parse("New Lead: Sam Ray", content);

        assertThat(alert.email()).isEqualTo("sam@example.com");
        assertThat(alert.source()).isEqualTo("Facebook");
    }

    @Test
    void urlOnItsOwnLineKept() throws Exception {
        MailContent content = new MailContent(null, "Lead Name: Sam Ray\nPhone: +919845222223\n"
                + "Lead Form Url:\nhttps://forms.example.org/open-house\nSource: Facebook\n");

        LeadAlert alert = LeadAlertParser.parse("New Lead: Sam Ray", content);

        assertThat(alert.formUrl()).isEqualTo("https://forms.example.org/open-house");
    }

    @Test
    void unknownLabelLineRejected() {
        MailContent content = new MailContent(null,
                "Lead Name: Asha Rao\nPhone: +919845222222\nCity: Pune\nEmail: asha@example.com\n");

        assertThatThrownBy(() -> LeadAlertParser.parse("New Lead: Asha Rao", content))
                .isInstanceOf(UnparseableAlertException.class)
                .hasMessageContaining("its Phone value has a further line that starts like a label")
                .hasMessageNotContaining("Pune");
    }

    @Test
    void labelLikeLineInCommentsKept() throws Exception {
        MailContent content = new MailContent(null, "Lead Name: Asha Rao\nPhone: +919845222222\n"
                + "Comments: Budget: 2 crore\nCity: Pune\nSource: Walk-in\n");

        LeadAlert alert = LeadAlertParser.parse("New Lead: Asha Rao", content);

        assertThat(alert.comments()).isEqualTo("Budget: 2 crore\nCity: Pune");
        assertThat(alert.source()).isEqualTo("Walk-in");
    }

    @Test
    void emptyNameUsesSubject() throws Exception {
        String text = "Lead Name:\nPhone: +12025550143\nEmail: lee@example.com\n";

        LeadAlert alert = LeadAlertParser.parse("New Lead: Lee Carter", new MailContent(null, text));

        assertThat(alert.name()).isEqualTo("Lee Carter");
        assertThat(alert.phone()).isEqualTo("+12025550143");
    }

    @Test
    void noNameAnywhereRejected() {
        MailContent content = new MailContent(null, "Lead Name: \nPhone: +12025550143\n");

        assertThatThrownBy(() -> LeadAlertParser.parse("New Lead:", content))
                .isInstanceOf(UnparseableAlertException.class)
                .hasMessageContaining("no lead name");
    }

    @Test
    void allLabelsEmptyOnOneLine() throws Exception {
        String text = "Lead Name: Kim Lee Phone: Email: Comments: Form Name: Lead Form Url: Source:";

        LeadAlert alert = LeadAlertParser.parse("New Lead: Kim Lee", new MailContent(null, text));

        assertThat(alert.name()).isEqualTo("Kim Lee");
        assertThat(alert.phone()).isNull();
        assertThat(alert.email()).isNull();
        assertThat(alert.comments()).isNull();
        assertThat(alert.formName()).isNull();
        assertThat(alert.formUrl()).isNull();
        assertThat(alert.source()).isNull();
    }

    @Test
    void sourceFromLeadViaLine() throws Exception {
        String text = "Lead via TikTok Lead Gen - Summer Promo\nLead Name: Ravi Shah\nPhone: +12025550101\n";

        LeadAlert alert = LeadAlertParser.parse("New Lead: Ravi Shah", new MailContent(null, text));

        assertThat(alert.source()).isEqualTo("TikTok Lead Gen");
    }

    @Test
    void htmlWithoutLabelsFallsBackToText() throws Exception {
        MailContent content = new MailContent("<p>Open Privyr to see your new lead.</p>",
                "Lead Name: Noor Haddad\nPhone: +12025550102\n");

        LeadAlert alert = LeadAlertParser.parse("New Lead: Noor Haddad", content);

        assertThat(alert.name()).isEqualTo("Noor Haddad");
        assertThat(alert.phone()).isEqualTo("+12025550102");
    }

    @Test
    void footerAfterLastLabelIgnored() throws Exception {
        String html = "<span>Lead Name: Ines Duarte</span><span>Source: Website</span>"
                + "<a href=\"https://app.privyr.com/client/71\">VIEW LEAD IN PRIVYR</a><span>Unsubscribe</span>";

        LeadAlert alert = LeadAlertParser.parse("New Lead: Ines Duarte", new MailContent(html, null));

        assertThat(alert.source()).isEqualTo("Website");
        assertThat(alert.privyrClientId()).isEqualTo("71");
    }

    @Test
    void viewLeadLinkWinsOverOtherLinks() throws Exception {
        String html = "<p>Lead Name: Tom Berg</p>"
                + "<a href=\"https://app.privyr.com/client/111\">an older lead</a>"
                + "<a href=\"https://app.privyr.com/client/222\">View lead in Privyr</a>";

        LeadAlert alert = LeadAlertParser.parse("New Lead: Tom Berg", new MailContent(html, null));

        assertThat(alert.privyrClientId()).isEqualTo("222");
    }

    @Test
    void conflictingLinksRejected() {
        String html = "<p>Lead Name: Tom Berg</p>"
                + "<a href=\"https://app.privyr.com/client/111\">one</a>"
                + "<a href=\"https://app.privyr.com/client/222\">two</a>";

        assertThatThrownBy(() -> LeadAlertParser.parse("New Lead: Tom Berg", new MailContent(html, null)))
                .isInstanceOf(UnparseableAlertException.class)
                .hasMessageContaining("2 different Privyr clients");
    }

    @Test
    void linkOfOtherHostIgnored() throws Exception {
        String html = "<p>Lead Name: Tom Berg</p>"
                + "<a href=\"https://app.privyr.com.example.net/client/333\">View lead in Privyr</a>";

        LeadAlert alert = LeadAlertParser.parse("New Lead: Tom Berg", new MailContent(html, null));

        assertThat(alert.privyrClientId()).isNull();
    }

    @Test
    void clientIdOfWrappedUrls() {
        assertThat(PrivyrLinks.clientIdOf("https://app.privyr.com/client/58200417")).contains("58200417");
        assertThat(PrivyrLinks.clientIdOf(
                "https://r.click.example.net/CL0/https:%2F%2Fapp.privyr.com%2Fclient%2F58200417/1/abc=391"))
                .contains("58200417");
        assertThat(PrivyrLinks.clientIdOf(
                "https://t.example.net/r?u=https%253A%252F%252Fapp.privyr.com%252Fclient%252F99%253Fx%253D1"))
                .contains("99");
        assertThat(PrivyrLinks.clientIdOf("https://app.privyr.com/clients")).isEmpty();
        assertThat(PrivyrLinks.clientIdOf("https://app.privyr.com/client/12x")).isEmpty();
    }

    @Test
    void percentDecodeKeepsPlusAndBadEscapes() {
        assertThat(PrivyrLinks.percentDecode("a+b%20c%zz%4")).isEqualTo("a+b c%zz%4");
        assertThat(PrivyrLinks.percentDecode("%F0%9F%8C%BB")).isEqualTo("\uD83C\uDF3B");
    }
}
