package org.privyrghlsync.mapping;

import java.io.IOException;
import java.io.Reader;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads from a SnakeYAML node tree; every failure is a {@link MappingException} with the file, the node's
 * line and column, and the field path.
 */
final class YamlNodes {

    private final String file;

    YamlNodes(String file) {
        this.file = file;
    }

    /** Composes the single YAML document of {@code reader} into a node tree, without constructing objects. */
    Node compose(Reader reader) {
        return compose(reader, "a mapping with 'version' and 'fields'");
    }

    /**
     * Composes the single YAML document of {@code reader} into a node tree, without constructing objects.
     *
     * @param expectedContent completes the error message for an empty file, such as "a mapping with 'version'"
     */
    Node compose(Reader reader, String expectedContent) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        try (reader) {
            Node root = new Yaml(options).compose(reader);
            if (root == null) {
                throw new MappingException(file, 0, 0, "", "the file is empty; expected " + expectedContent);
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = "invalid YAML: " + (e.getProblem() != null ? e.getProblem() : e.getContext());
            if (problem.contains("mapping values are not allowed here")) {
                problem += "; put values that contain ': ', such as simple expressions, in double quotes";
            }
            throw new MappingException(file, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "", problem, e);
        } catch (YAMLException e) {
            throw new MappingException(file, 0, 0, "", "invalid YAML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MappingException(file, 0, 0, "", "cannot read the file: " + e.getMessage(), e);
        }
    }

    MappingException error(Node node, String path, String problem) {
        Mark mark = node.getStartMark();
        return new MappingException(file, mark.getLine() + 1, mark.getColumn() + 1, path, problem);
    }

    /**
     * Returns the entries of a mapping node by key, rejecting non-string keys, duplicate keys and keys outside
     * {@code allowed}. The key nodes are kept so that later errors can point at them.
     */
    Map<String, NodeTuple> entries(Node node, String path, Set<String> allowed) {
        return checkedEntries(node, path, allowed);
    }

    /**
     * Returns the entries of a mapping node whose keys are data, such as ids, rather than option names. Non-string
     * and duplicate keys are rejected as in {@link #entries(Node, String, Set)}.
     */
    Map<String, NodeTuple> entriesWithAnyKey(Node node, String path) {
        return checkedEntries(node, path, null);
    }

    /** Reads the entries of a mapping node. A {@code null} {@code allowed} accepts every key. */
    private Map<String, NodeTuple> checkedEntries(Node node, String path, Set<String> allowed) {
        MappingNode mapping = mapping(node, path);
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                throw error(keyNode, path, "a key must be a plain name");
            }
            String key = scalarKey.getValue();
            String keyPath = child(path, key);
            if (allowed != null && !allowed.contains(key)) {
                throw error(keyNode, keyPath, "unknown key '" + key + "'" + suggestion(key, allowed)
                        + "; expected one of: " + String.join(", ", allowed));
            }
            if (entries.containsKey(key)) {
                throw error(keyNode, keyPath, "duplicate key '" + key + "'");
            }
            entries.put(key, tuple);
        }
        return entries;
    }

    MappingNode mapping(Node node, String path) {
        if (node instanceof MappingNode mapping) {
            return mapping;
        }
        throw error(node, path, "expected a mapping of keys to values but found " + describe(node));
    }

    List<Node> sequence(Node node, String path) {
        if (node instanceof SequenceNode sequence) {
            return new ArrayList<>(sequence.getValue());
        }
        throw error(node, path, "expected a list but found " + describe(node));
    }

    /**
     * Returns the text of a non-empty scalar. Any scalar is accepted as text, so that {@code region: NO}
     * (Norway, a boolean in YAML 1.1) still reads as the string "NO".
     */
    String text(Node node, String path) {
        if (!(node instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
            throw error(node, path, "expected a text value but found " + describe(node));
        }
        String value = scalar.getValue().strip();
        if (value.isEmpty()) {
            throw error(node, path, "expected a non-empty text value");
        }
        return value;
    }

    boolean bool(Node node, String path) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            return Boolean.parseBoolean(normaliseBoolean(scalar.getValue()));
        }
        throw error(node, path, "expected true or false but found " + describe(node));
    }

    long integer(Node node, String path) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
            try {
                return Long.parseLong(scalar.getValue().replace("_", ""));
            } catch (NumberFormatException e) {
                throw error(node, path, "expected a whole number but found '" + scalar.getValue() + "'");
            }
        }
        throw error(node, path, "expected a whole number but found " + describe(node));
    }

    /** Returns a scalar as the Java value its YAML tag implies: Boolean, Long, BigDecimal or String. */
    Object scalarValue(Node node, String path) {
        if (!(node instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
            throw error(node, path, "expected a text, number or boolean value but found " + describe(node));
        }
        String value = scalar.getValue();
        if (scalar.getTag().equals(Tag.BOOL)) {
            return Boolean.parseBoolean(normaliseBoolean(value));
        }
        if (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT)) {
            try {
                return Values.canonical(new java.math.BigDecimal(value.replace("_", "")));
            } catch (NumberFormatException e) {
                return value;
            }
        }
        return value;
    }

    /** Checks that {@code top} has a {@code version} key with the value {@code supported}. */
    void requireVersion(Node root, Map<String, NodeTuple> top, long supported) {
        NodeTuple entry = top.get("version");
        if (entry == null) {
            throw error(root, "version", "missing required key 'version'; add 'version: " + supported + "'");
        }
        long version = integer(entry.getValueNode(), "version");
        if (version != supported) {
            throw error(entry.getValueNode(), "version", "unsupported version " + version
                    + "; this release reads version " + supported);
        }
    }

    /** Reads an IANA time zone id, suggesting the right spelling when only the case is wrong. */
    ZoneId zoneId(Node value, String path) {
        String id = text(value, path);
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            String hint = ZoneId.getAvailableZoneIds().stream()
                    .filter(known -> known.equalsIgnoreCase(id))
                    .findFirst()
                    .map(known -> " (did you mean '" + known + "'?)")
                    .orElse("");
            throw error(value, path, "unknown time zone '" + id + "'" + hint
                    + "; expected an IANA time zone id such as Asia/Kolkata, Asia/Singapore or America/New_York");
        }
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String normaliseBoolean(String yamlBoolean) {
        String lower = yamlBoolean.toLowerCase(java.util.Locale.ROOT);
        return String.valueOf(lower.equals("true") || lower.equals("yes") || lower.equals("on") || lower.equals("y"));
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        if (scalar.getTag().equals(Tag.NULL)) {
            return "no value";
        }
        return "'" + scalar.getValue() + "'";
    }

    /** Returns {@code " (did you mean 'x'?)"} for an allowed key within two edits of {@code key}, or "". */
    private static String suggestion(String key, Set<String> allowed) {
        for (String candidate : allowed) {
            if (editDistance(key.toLowerCase(java.util.Locale.ROOT), candidate) <= 2) {
                return " (did you mean '" + candidate + "'?)";
            }
        }
        return "";
    }

    static int editDistance(String left, String right) {
        int[] previous = new int[right.length() + 1];
        int[] current = new int[right.length() + 1];
        for (int j = 0; j <= right.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= left.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= right.length(); j++) {
                int substitution = previous[j - 1] + (left.charAt(i - 1) == right.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[right.length()];
    }
}
