package org.privyrghlsync.mapping;

import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** The GHL field a mapping rule writes: a scalar contact field or {@code tags}, or else a custom field. */
record RuleTarget(String scalar, CustomFieldRef custom) {

    boolean isTags() {
        return GhlContactFields.TAGS.equals(scalar);
    }

    /** Reads exactly one of {@code target} and {@code custom-field} from a rule's keys. */
    static RuleTarget read(YamlNodes yaml, Node ruleNode, String path, Map<String, NodeTuple> keys) {
        NodeTuple target = keys.get("target");
        NodeTuple customField = keys.get("custom-field");
        if (target != null && customField != null) {
            throw yaml.error(customField.getKeyNode(), YamlNodes.child(path, "custom-field"),
                    "'target' and 'custom-field' cannot be combined; a field writes exactly one GHL field");
        }
        if (customField != null) {
            String keyPath = YamlNodes.child(path, "custom-field");
            return new RuleTarget(null, customFieldRef(yaml, customField.getValueNode(), keyPath));
        }
        if (target == null) {
            throw yaml.error(ruleNode, YamlNodes.child(path, "target"), "missing required key 'target'; add "
                    + "'target: <GHL contact field>' or 'custom-field: <field key or id:...>'");
        }
        String keyPath = YamlNodes.child(path, "target");
        String name = yaml.text(target.getValueNode(), keyPath);
        if (name.equals(GhlContactFields.CUSTOM_FIELDS)) {
            throw yaml.error(target.getValueNode(), keyPath, "write a custom field with 'custom-field: "
                    + "contact.<field key>' or 'custom-field: id:<field id>' instead of 'target: customFields'");
        }
        if (!name.equals(GhlContactFields.TAGS) && !GhlContactFields.SCALAR_TARGETS.contains(name)) {
            throw yaml.error(target.getValueNode(), keyPath, "unknown target field '" + name
                    + "'; expected one of: " + String.join(", ", GhlContactFields.SCALAR_TARGETS)
                    + ", tags (custom fields use 'custom-field')");
        }
        return new RuleTarget(name, null);
    }

    /** Parses a custom field reference node, turning a malformed one into a positioned error. */
    static CustomFieldRef customFieldRef(YamlNodes yaml, Node value, String path) {
        String text = yaml.text(value, path);
        try {
            return CustomFieldRef.parse(text);
        } catch (IllegalArgumentException e) {
            throw yaml.error(value, path, e.getMessage());
        }
    }
}
