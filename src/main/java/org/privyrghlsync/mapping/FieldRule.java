package org.privyrghlsync.mapping;

import java.util.Collection;
import java.util.List;

/**
 * One compiled entry of the mapping file's {@code fields} list: where the value comes from, how it is transformed
 * and which GHL field it is written to. Immutable, so one instance serves all threads.
 */
final class FieldRule {

    private final String scalarTarget;
    private final CustomFieldRef customTarget;
    private final ValueSource source;
    private final Transform transform;
    private final String phoneRegion;
    private final CustomFieldRef invalidTo;
    private final boolean blankWhenEmpty;
    private final List<String> extraTags;
    private final String label;

    private FieldRule(String scalarTarget, CustomFieldRef customTarget, ValueSource source, Transform transform,
            String phoneRegion, CustomFieldRef invalidTo, boolean blankWhenEmpty, List<String> extraTags) {
        this.scalarTarget = scalarTarget;
        this.customTarget = customTarget;
        this.source = source;
        this.transform = transform;
        this.phoneRegion = phoneRegion;
        this.invalidTo = invalidTo;
        this.blankWhenEmpty = blankWhenEmpty;
        this.extraTags = extraTags == null ? List.of() : List.copyOf(extraTags);
        this.label = customTarget != null ? "custom field '" + customTarget.mappingForm() + "'"
                : "field '" + scalarTarget + "'";
    }

    /** Creates a rule for a scalar field or {@code tags}, or for a custom field when {@code scalarTarget} is null. */
    static FieldRule of(String scalarTarget, CustomFieldRef customTarget, ValueSource source, Transform transform,
            String phoneRegion, CustomFieldRef invalidTo, boolean blankWhenEmpty, List<String> extraTags) {
        return new FieldRule(scalarTarget, customTarget, source, transform, phoneRegion, invalidTo, blankWhenEmpty,
                extraTags);
    }

    boolean isTags() {
        return GhlContactFields.TAGS.equals(scalarTarget);
    }

    boolean usesSimple() {
        return source instanceof ValueSource.Simple;
    }

    ValueSource source() {
        return source;
    }

    boolean blankWhenEmpty() {
        return blankWhenEmpty;
    }

    /** Returns the scalar field name or custom field stable key that this rule writes. */
    String targetKey() {
        return customTarget != null ? customTarget.stableKey() : scalarTarget;
    }

    /** Returns the custom field that this rule writes, or {@code null} for a scalar field or tags. */
    CustomFieldRef customTarget() {
        return customTarget;
    }

    /** Returns the custom field that receives a rejected raw value, or {@code null}. */
    CustomFieldRef invalidTo() {
        return invalidTo;
    }

    /** Reads, transforms and writes this rule's value for one client; problems become warnings. */
    void apply(RuleContext context, MappedContact.Builder out) {
        Object value;
        try {
            value = source == null ? null : Values.canonical(source.read(context));
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            out.warning(label + ": simple expression failed (" + cause.getClass().getSimpleName() + "); not sent");
            return;
        }
        if (isTags()) {
            applyTags(value, out);
            return;
        }
        if (value == null) {
            return;
        }
        Transform.Result result = transform.apply(value, phoneRegion);
        if (result.rejection() != null) {
            rejectValue(value, result.rejection(), out);
        } else if (result.value() != null && customTarget != null) {
            out.customField(customTarget, result.value());
        } else if (result.value() != null) {
            out.field(scalarTarget, result.value());
        }
    }

    private void rejectValue(Object value, String rejection, MappedContact.Builder out) {
        if (invalidTo == null) {
            out.warning(label + ": " + rejection + "; not sent");
            return;
        }
        out.customField(invalidTo, Values.text(value));
        out.warning(label + ": " + rejection + "; not sent, raw value written to custom field '"
                + invalidTo.mappingForm() + "'");
    }

    private void applyTags(Object value, MappedContact.Builder out) {
        if (value instanceof Collection<?> items) {
            items.forEach(item -> addTag(item, out));
        } else if (value != null) {
            for (String part : Values.text(value).split(",")) {
                addTag(part, out);
            }
        }
        extraTags.forEach(tag -> addTag(tag, out));
    }

    private void addTag(Object tag, MappedContact.Builder out) {
        Object canonical = Values.canonical(tag);
        if (canonical == null) {
            return;
        }
        Transform.Result result = transform.apply(canonical, null);
        if (result.value() != null) {
            out.tag(Values.text(result.value()));
        }
    }
}
