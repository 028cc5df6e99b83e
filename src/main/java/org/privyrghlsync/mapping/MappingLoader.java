package org.privyrghlsync.mapping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Expression;
import org.apache.camel.spi.Language;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Validates a mapping file's node tree and compiles it into {@link FieldRule}s. The first problem found stops
 * loading with a {@link MappingException}; nothing is skipped or defaulted silently.
 */
final class MappingLoader {

    static final int SUPPORTED_VERSION = 1;

    private static final Set<String> TOP_KEYS =
            orderedSet("version", "phone-region", "unmapped-other-fields", "fields");
    private static final Set<String> RULE_KEYS = orderedSet("target", "custom-field", "from", "other-field",
            "constant", "simple", "transform", "region", "invalid-to", "blank-when-empty", "extra-tags");
    private static final List<String> SOURCE_KEYS = List.of("from", "other-field", "constant", "simple");
    private static final Set<Transform> TAG_TRANSFORMS = Set.of(Transform.NONE, Transform.LOWERCASE,
            Transform.UPPERCASE);
    private static final Pattern OTHER_FIELD_IN_SIMPLE =
            Pattern.compile("body\\[other_fields]\\[\\s*['\"]?([^'\"\\]]+?)['\"]?\\s*]");
    /**
     * {@code ${body[field]}}, optionally followed by {@code ?: 'text'}: spaces around {@code ?:}, as Camel needs, and
     * a text without quote, backslash, dollar sign or brace.
     */
    private static final Pattern BODY_FIELD_IN_SIMPLE =
            Pattern.compile("\\$\\{body\\[([a-z_]+)]}(?:\\s+\\?:\\s+'([^'\\\\${}]*)')?");

    private final YamlNodes yaml;
    private final CamelContext camelContext;
    private final Language simple;
    private final Set<String> otherFieldLabels = new LinkedHashSet<>();
    private String defaultRegion;

    MappingLoader(String file, CamelContext camelContext) {
        this.yaml = new YamlNodes(file);
        this.camelContext = camelContext;
        this.simple = camelContext.resolveLanguage("simple");
    }

    /** The validated content of a mapping file. */
    record Loaded(String phoneRegion, boolean warnUnmappedOtherFields, List<FieldRule> rules,
            Set<String> otherFieldLabels) {
    }

    Loaded load(Node root) {
        Map<String, NodeTuple> top = yaml.entries(root, "", TOP_KEYS);
        readVersion(root, top);
        if (top.containsKey("phone-region")) {
            defaultRegion = region(top.get("phone-region").getValueNode(), "phone-region");
        }
        boolean warnUnmapped = readUnmappedPolicy(top);
        NodeTuple fieldsEntry = require(root, "", top, "fields",
                "add a 'fields' list with one entry per GHL field to write");
        List<Node> ruleNodes = yaml.sequence(fieldsEntry.getValueNode(), "fields");
        if (ruleNodes.isEmpty()) {
            throw yaml.error(fieldsEntry.getValueNode(), "fields", "the list is empty; add at least one field");
        }
        List<FieldRule> rules = new ArrayList<>();
        Map<String, String> writtenBy = new HashMap<>();
        for (int i = 0; i < ruleNodes.size(); i++) {
            String path = "fields[" + i + "]";
            FieldRule rule = rule(ruleNodes.get(i), path);
            claimTarget(writtenBy, rule.targetKey(), ruleNodes.get(i), path);
            if (rule.invalidTo() != null) {
                claimTarget(writtenBy, rule.invalidTo().stableKey(), ruleNodes.get(i), path + ".invalid-to");
            }
            rules.add(rule);
        }
        return new Loaded(defaultRegion, warnUnmapped, List.copyOf(rules), Set.copyOf(otherFieldLabels));
    }

    private void readVersion(Node root, Map<String, NodeTuple> top) {
        NodeTuple entry = require(root, "", top, "version", "add 'version: " + SUPPORTED_VERSION + "'");
        long version = yaml.integer(entry.getValueNode(), "version");
        if (version != SUPPORTED_VERSION) {
            throw yaml.error(entry.getValueNode(), "version", "unsupported version " + version
                    + "; this release reads version " + SUPPORTED_VERSION);
        }
    }

    private boolean readUnmappedPolicy(Map<String, NodeTuple> top) {
        NodeTuple entry = top.get("unmapped-other-fields");
        if (entry == null) {
            return false;
        }
        String policy = yaml.text(entry.getValueNode(), "unmapped-other-fields");
        if (!policy.equals("ignore") && !policy.equals("warn")) {
            throw yaml.error(entry.getValueNode(), "unmapped-other-fields", "unknown policy '" + policy
                    + "'; expected one of: ignore, warn");
        }
        return policy.equals("warn");
    }

    private void claimTarget(Map<String, String> writtenBy, String target, Node node, String path) {
        String earlier = writtenBy.putIfAbsent(target, path);
        if (earlier != null) {
            throw yaml.error(node, path, "duplicate target '" + target + "'; " + earlier + " already writes it");
        }
    }

    private FieldRule rule(Node node, String path) {
        Map<String, NodeTuple> keys = yaml.entries(node, path, RULE_KEYS);
        RuleTarget target = RuleTarget.read(yaml, node, path, keys);
        ValueSource source = source(node, path, keys, target);
        Transform transform = transform(path, keys, target);
        String region = readRegion(path, keys, transform);
        CustomFieldRef invalidTo = readInvalidTo(path, keys, transform);
        boolean blankWhenEmpty = readBlankWhenEmpty(path, keys, target);
        List<String> extraTags = readExtraTags(path, keys, target);
        return FieldRule.of(target.scalar(), target.custom(), source, transform, region, invalidTo, blankWhenEmpty,
                extraTags);
    }

    private ValueSource source(Node node, String path, Map<String, NodeTuple> keys, RuleTarget target) {
        List<String> present = SOURCE_KEYS.stream().filter(keys::containsKey).toList();
        if (present.size() > 1) {
            NodeTuple second = keys.get(present.get(1));
            throw yaml.error(second.getKeyNode(), YamlNodes.child(path, present.get(1)), "'" + present.get(0)
                    + "' and '" + present.get(1) + "' cannot be combined; a field has exactly one value source");
        }
        if (present.isEmpty()) {
            if (target.isTags() && keys.containsKey("extra-tags")) {
                return null;
            }
            throw yaml.error(node, path, "missing value source; add one of: " + String.join(", ", SOURCE_KEYS));
        }
        String key = present.get(0);
        Node value = keys.get(key).getValueNode();
        String keyPath = YamlNodes.child(path, key);
        switch (key) {
            case "from":
                return clientField(value, keyPath, target);
            case "other-field":
                String label = yaml.text(value, keyPath);
                otherFieldLabels.add(label);
                return new ValueSource.OtherField(label);
            case "constant":
                return constant(value, keyPath, target);
            default:
                return simpleExpression(value, keyPath);
        }
    }

    private ValueSource clientField(Node value, String path, RuleTarget target) {
        String name = yaml.text(value, path);
        if (!ClientFields.READERS.containsKey(name)) {
            throw yaml.error(value, path, "unknown client field '" + name + "'; expected one of: "
                    + String.join(", ", ClientFields.READERS.keySet())
                    + " (use 'other-field' for an entry of other_fields)");
        }
        if (name.equals(ClientFields.GROUPS) != target.isTags()) {
            throw yaml.error(value, path, target.isTags()
                    ? "target 'tags' reads a list; use 'from: groups', 'constant' or 'simple'"
                    : "client field 'groups' is a list and can only be mapped to target 'tags'");
        }
        return new ValueSource.ClientField(name, ClientFields.READERS.get(name));
    }

    private ValueSource constant(Node value, String path, RuleTarget target) {
        if (target.isTags()) {
            return new ValueSource.Constant(textList(value, path));
        }
        return new ValueSource.Constant(yaml.scalarValue(value, path));
    }

    private ValueSource simpleExpression(Node value, String path) {
        String text = yaml.text(value, path);
        if (!text.contains("${")) {
            throw yaml.error(value, path, "simple expression '" + text + "' has no ${...} placeholder; "
                    + "use 'constant' for a fixed value");
        }
        Expression expression;
        try {
            expression = simple.createExpression(text);
            expression.init(camelContext);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
            throw yaml.error(value, path, "simple expression does not compile: " + message.lines().findFirst()
                    .orElse(message));
        }
        Matcher labels = OTHER_FIELD_IN_SIMPLE.matcher(text);
        while (labels.find()) {
            otherFieldLabels.add(labels.group(1));
        }
        Matcher bodyField = BODY_FIELD_IN_SIMPLE.matcher(text);
        if (bodyField.matches() && ClientFields.READERS.containsKey(bodyField.group(1))) {
            return new ValueSource.BodyField(text, ClientFields.READERS.get(bodyField.group(1)), bodyField.group(2));
        }
        return new ValueSource.Simple(text, expression);
    }

    private Transform transform(String path, Map<String, NodeTuple> keys, RuleTarget target) {
        NodeTuple entry = keys.get("transform");
        String keyPath = YamlNodes.child(path, "transform");
        Transform transform = Transform.NONE;
        if (entry != null) {
            String name = yaml.text(entry.getValueNode(), keyPath);
            transform = Transform.byYamlName(name).orElseThrow(() -> yaml.error(entry.getValueNode(), keyPath,
                    "unknown transform '" + name + "'; expected one of: " + Transform.yamlNames()));
        }
        if (target.isTags() && !TAG_TRANSFORMS.contains(transform)) {
            throw yaml.error(entry.getValueNode(), keyPath, "transform '" + transform.yamlName()
                    + "' cannot be used with target 'tags'; expected one of: none, lowercase, uppercase");
        }
        boolean dnd = GhlContactFields.DND.equals(target.scalar());
        if (dnd && transform != Transform.NONE && transform != Transform.BOOLEAN) {
            throw yaml.error(entry.getValueNode(), keyPath, "target 'dnd' is a boolean; expected transform "
                    + "'boolean' or none");
        }
        if (!dnd && transform == Transform.BOOLEAN && target.scalar() != null) {
            throw yaml.error(entry.getValueNode(), keyPath, "transform 'boolean' can only be used with target "
                    + "'dnd' or a custom field, because GHL contact field '" + target.scalar() + "' is text");
        }
        return dnd ? Transform.BOOLEAN : transform;
    }

    private String readRegion(String path, Map<String, NodeTuple> keys, Transform transform) {
        NodeTuple entry = keys.get("region");
        if (entry == null) {
            return defaultRegion;
        }
        String keyPath = YamlNodes.child(path, "region");
        if (transform != Transform.E164) {
            throw yaml.error(entry.getKeyNode(), keyPath, "'region' only applies with 'transform: e164'");
        }
        return region(entry.getValueNode(), keyPath);
    }

    private String region(Node value, String path) {
        String code = yaml.text(value, path);
        return PhoneNormalizer.supportedRegion(code).orElseThrow(() -> yaml.error(value, path,
                "invalid region code '" + code + "'; expected a two-letter ISO 3166-1 code that libphonenumber "
                        + "supports, such as IN, US, GB, SG, AE or AU"));
    }

    private CustomFieldRef readInvalidTo(String path, Map<String, NodeTuple> keys, Transform transform) {
        NodeTuple entry = keys.get("invalid-to");
        if (entry == null) {
            return null;
        }
        String keyPath = YamlNodes.child(path, "invalid-to");
        if (transform != Transform.E164 && transform != Transform.EMAIL) {
            throw yaml.error(entry.getKeyNode(), keyPath, "'invalid-to' only applies with 'transform: e164' or "
                    + "'transform: email', the transforms that can reject a value");
        }
        return RuleTarget.customFieldRef(yaml, entry.getValueNode(), keyPath);
    }

    private boolean readBlankWhenEmpty(String path, Map<String, NodeTuple> keys, RuleTarget target) {
        NodeTuple entry = keys.get("blank-when-empty");
        if (entry == null) {
            return false;
        }
        String keyPath = YamlNodes.child(path, "blank-when-empty");
        if (target.isTags()) {
            throw yaml.error(entry.getKeyNode(), keyPath, "'blank-when-empty' does not apply to tags, because the "
                    + "sync only adds tags and never removes them");
        }
        return yaml.bool(entry.getValueNode(), keyPath);
    }

    private List<String> readExtraTags(String path, Map<String, NodeTuple> keys, RuleTarget target) {
        NodeTuple entry = keys.get("extra-tags");
        if (entry == null) {
            return List.of();
        }
        String keyPath = YamlNodes.child(path, "extra-tags");
        if (!target.isTags()) {
            throw yaml.error(entry.getKeyNode(), keyPath, "'extra-tags' only applies with 'target: tags'");
        }
        return textList(entry.getValueNode(), keyPath);
    }

    private List<String> textList(Node value, String path) {
        List<Node> items = yaml.sequence(value, path);
        List<String> texts = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            texts.add(yaml.text(items.get(i), path + "[" + i + "]"));
        }
        return texts;
    }

    private NodeTuple require(Node parent, String path, Map<String, NodeTuple> keys, String key, String hint) {
        NodeTuple entry = keys.get(key);
        if (entry == null) {
            throw yaml.error(parent, YamlNodes.child(path, key), "missing required key '" + key + "'; " + hint);
        }
        return entry;
    }

    static Set<String> orderedSet(String... names) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
    }
}
