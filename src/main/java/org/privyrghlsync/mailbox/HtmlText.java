package org.privyrghlsync.mailbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/** Turns the HTML part of an email into plain text and lists its links. */
final class HtmlText {

    /** A link of the HTML part: its {@code href} as written and the text it shows. */
    record Link(String href, String text) {
    }

    /** Elements that start a new line, as a browser would render them. Table cells stay on their row's line. */
    private static final Set<String> LINE_ELEMENTS = Set.of("address", "article", "aside", "blockquote", "center",
            "dd", "div", "dl", "dt", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
            "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot", "thead", "tr", "ul");

    private HtmlText() {
    }

    /**
     * Returns the text of the document's body with one line for each block (paragraph, div, table row, ...). Runs of
     * spaces collapse to one, table cells are separated by a space, and blank lines are dropped.
     */
    static String flatten(Document document) {
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode textNode) {
                    text.append(textNode.text());
                } else if (node instanceof Element element) {
                    if (element.nameIs("br") || LINE_ELEMENTS.contains(element.normalName())) {
                        text.append('\n');
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element) {
                    if (LINE_ELEMENTS.contains(element.normalName())) {
                        text.append('\n');
                    } else if (element.nameIs("td") || element.nameIs("th")) {
                        text.append(' ');
                    }
                }
            }
        }, document.body());
        List<String> lines = new ArrayList<>();
        for (String line : text.toString().split("\n")) {
            String collapsed = line.replaceAll("[ \\t]+", " ").strip();
            if (!collapsed.isEmpty()) {
                lines.add(collapsed);
            }
        }
        return String.join("\n", lines);
    }

    /** Returns every link with an {@code href}, in document order. */
    static List<Link> links(Document document) {
        List<Link> links = new ArrayList<>();
        for (Element anchor : document.select("a[href]")) {
            links.add(new Link(anchor.attr("href"), anchor.text()));
        }
        return links;
    }
}
