package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContactMappingValidationTest {

    private static MappingException loadError(Path file) {
        return catchThrowableOfType(MappingException.class,
                () -> ContactMapping.load(file, MappingFixtures.CAMEL));
    }

    private static MappingException parseError(String... lines) {
        return catchThrowableOfType(MappingException.class, () -> ContactMapping.parse(
                String.join("\n", lines) + "\n", "test.yaml", MappingFixtures.CAMEL));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "broken-transform.yaml | 42 | fields[3].transform | unknown transform 'e164x'; expected one of: none,",
        "broken-target.yaml | 29 | fields[1].target | unknown target field 'lastname'; expected one of:",
        "broken-key-typo.yaml | 26 | fields[0].tranform | unknown key 'tranform' (did you mean 'transform'?)",
        "broken-region.yaml       | 16 | phone-region               | invalid region code 'XX'",
        "broken-simple.yaml       | 52 | fields[5].simple           | simple expression does not compile:",
        "broken-custom-field.yaml | 65 | fields[8].custom-field     | malformed custom field reference 'budget'",
        "broken-duplicate.yaml    | 68 | fields[9]                  | duplicate target 'key:contact.budget'; fields[8]",
        "broken-version.yaml      | 12 | version                    | unsupported version 2",
        "broken-type.yaml         | 78 | fields[11].blank-when-empty | expected true or false but found 'sometimes'",
    })
    void brokenFileNamesFileLineAndField(String fileName, int line, String field, String problem) {
        Path file = MappingFixtures.projectDir().resolve("src/test/resources/mappings").resolve(fileName);

        MappingException error = loadError(file);

        assertThat(error).as("no error for %s", fileName).isNotNull();
        assertThat(error.getFile()).isEqualTo(file.toString());
        assertThat(error.getLine()).isEqualTo(line);
        assertThat(error.getField()).isEqualTo(field);
        assertThat(error.getProblem()).startsWith(problem);
        assertThat(error.getMessage()).startsWith(file + " line " + line + ", column ");
        assertThat(error.getMessage()).contains(", field '" + field + "': " + problem);
    }

    @Test
    void messageFormatMatchesDocs() {
        MappingException error = parseError(
                "version: 1",
                "fields:",
                "  - target: phone",
                "    from: phone",
                "    transform: e164x");

        assertThat(error.getMessage()).isEqualTo("test.yaml line 5, column 16, field 'fields[0].transform': "
                + "unknown transform 'e164x'; expected one of: none, lowercase, uppercase, email, e164, "
                + "first-name, last-name, boolean");
        assertThat(error.getColumn()).isEqualTo(16);
    }

    @Test
    void missingFileNamed() {
        MappingException error = loadError(Path.of("no-such-dir/contact.yaml"));

        assertThat(error.getFile()).isEqualTo(Path.of("no-such-dir/contact.yaml").toString());
        assertThat(error.getProblem()).startsWith("file not found");
    }

    @Test
    void emptyFileRejected() {
        MappingException error = parseError("# only a comment");

        assertThat(error.getProblem()).startsWith("the file is empty");
    }

    @Test
    void yamlSyntaxErrorHasLine() {
        MappingException error = parseError("version: 1", "fields:", "  - target: [firstName");

        assertThat(error.getLine()).isGreaterThanOrEqualTo(3);
        assertThat(error.getProblem()).startsWith("invalid YAML:");
    }

    @Test
    void missingVersionRejected() {
        MappingException error = parseError("fields:", "  - target: source", "    constant: Privyr");

        assertThat(error.getField()).isEqualTo("version");
        assertThat(error.getProblem()).startsWith("missing required key 'version'");
        assertThat(error.getLine()).isEqualTo(1);
    }

    @Test
    void versionMustBeNumber() {
        MappingException error = parseError("version: one", "fields: []");

        assertThat(error.getField()).isEqualTo("version");
        assertThat(error.getProblem()).isEqualTo("expected a whole number but found 'one'");
    }

    @Test
    void missingFieldsRejected() {
        MappingException error = parseError("version: 1");

        assertThat(error.getField()).isEqualTo("fields");
        assertThat(error.getProblem()).startsWith("missing required key 'fields'");
    }

    @Test
    void emptyFieldsRejected() {
        MappingException error = parseError("version: 1", "fields: []");

        assertThat(error.getField()).isEqualTo("fields");
        assertThat(error.getLine()).isEqualTo(2);
    }

    @Test
    void fieldsMustBeList() {
        MappingException error = parseError("version: 1", "fields:", "  target: source");

        assertThat(error.getField()).isEqualTo("fields");
        assertThat(error.getProblem()).isEqualTo("expected a list but found a mapping");
    }

    @Test
    void unknownTopLevelKeyRejected() {
        MappingException error = parseError("version: 1", "phone_region: IN", "fields: []");

        assertThat(error.getField()).isEqualTo("phone_region");
        assertThat(error.getLine()).isEqualTo(2);
        assertThat(error.getProblem()).contains("did you mean 'phone-region'?");
    }

    @Test
    void duplicateKeyRejected() {
        MappingException error = parseError("version: 1", "version: 1", "fields: []");

        assertThat(error.getField()).isEqualTo("version");
        assertThat(error.getLine()).isEqualTo(2);
        assertThat(error.getProblem()).isEqualTo("duplicate key 'version'");
    }

    @Test
    void missingTargetRejected() {
        MappingException error = parseError("version: 1", "fields:", "  - from: name");

        assertThat(error.getField()).isEqualTo("fields[0].target");
        assertThat(error.getLine()).isEqualTo(3);
        assertThat(error.getProblem()).startsWith("missing required key 'target'");
    }

    @Test
    void missingSourceRejected() {
        MappingException error = parseError("version: 1", "fields:", "  - target: city");

        assertThat(error.getField()).isEqualTo("fields[0]");
        assertThat(error.getProblem()).startsWith("missing value source");
    }

    @Test
    void twoSourcesRejected() {
        MappingException error = parseError("version: 1", "fields:", "  - target: city", "    from: name",
                "    constant: Pune");

        assertThat(error.getField()).isEqualTo("fields[0].constant");
        assertThat(error.getLine()).isEqualTo(5);
        assertThat(error.getProblem()).startsWith("'from' and 'constant' cannot be combined");
    }

    @Test
    void targetAndCustomFieldRejected() {
        MappingException error = parseError("version: 1", "fields:", "  - target: city",
                "    custom-field: contact.city", "    from: name");

        assertThat(error.getField()).isEqualTo("fields[0].custom-field");
        assertThat(error.getLine()).isEqualTo(4);
    }

    @ParameterizedTest
    @CsvSource({"gender", "additionalEmails", "locationId", "firstname"})
    void targetOutsideListRejected(String target) {
        MappingException error = parseError("version: 1", "fields:", "  - target: " + target,
                "    from: name");

        assertThat(error.getField()).isEqualTo("fields[0].target");
        assertThat(error.getProblem()).startsWith("unknown target field '" + target + "'");
    }

    @Test
    void customFieldsTargetPointsToCustomField() {
        MappingException error = parseError("version: 1", "fields:", "  - target: customFields",
                "    from: name");

        assertThat(error.getProblem()).contains("custom-field: contact.<field key>");
    }

    @Test
    void unknownClientFieldRejected() {
        MappingException error = parseError("version: 1", "fields:", "  - target: city", "    from: Budget");

        assertThat(error.getField()).isEqualTo("fields[0].from");
        assertThat(error.getProblem()).startsWith("unknown client field 'Budget'");
    }

    @Test
    void groupsOnlyToTags() {
        MappingException error = parseError("version: 1", "fields:", "  - target: city", "    from: groups");

        assertThat(error.getField()).isEqualTo("fields[0].from");
        assertThat(error.getProblem()).contains("can only be mapped to target 'tags'");
    }

    @Test
    void malformedInvalidToRejected() {
        MappingException error = parseError("version: 1", "fields:", "  - target: phone", "    from: phone",
                "    transform: e164", "    invalid-to: id:not valid");

        assertThat(error.getField()).isEqualTo("fields[0].invalid-to");
        assertThat(error.getLine()).isEqualTo(6);
        assertThat(error.getProblem()).startsWith("malformed custom field reference 'id:not valid'");
    }

    @Test
    void invalidToNeedsRejectingTransform() {
        MappingException error = parseError("version: 1", "fields:", "  - target: city", "    from: name",
                "    invalid-to: contact.raw");

        assertThat(error.getField()).isEqualTo("fields[0].invalid-to");
        assertThat(error.getProblem()).startsWith("'invalid-to' only applies with");
    }

    @Test
    void invalidRuleRegionRejected() {
        MappingException error = parseError("version: 1", "fields:", "  - target: phone", "    from: phone",
                "    transform: e164", "    region: India");

        assertThat(error.getField()).isEqualTo("fields[0].region");
        assertThat(error.getProblem()).startsWith("invalid region code 'India'");
    }

    @Test
    void regionWithoutE164Rejected() {
        MappingException error = parseError("version: 1", "fields:", "  - target: city", "    from: name",
                "    region: IN");

        assertThat(error.getField()).isEqualTo("fields[0].region");
    }

    @Test
    void norwayRegionIsNotBoolean() {
        ContactMapping mapping = ContactMapping.parse("version: 1\nphone-region: NO\nfields:\n"
                + "  - target: source\n    constant: Privyr\n", "test.yaml", MappingFixtures.CAMEL);

        assertThat(mapping.phoneRegion()).isEqualTo("NO");
    }

    @Test
    void simpleWithoutPlaceholderRejected() {
        MappingException error = parseError("version: 1", "fields:", "  - target: source",
                "    simple: Privyr");

        assertThat(error.getField()).isEqualTo("fields[0].simple");
        assertThat(error.getProblem()).contains("use 'constant'");
    }

    @Test
    void unknownSimpleFunctionRejected() {
        MappingException error = parseError("version: 1", "fields:", "  - target: source",
                "    simple: ${bodyx}");

        assertThat(error.getField()).isEqualTo("fields[0].simple");
        assertThat(error.getLine()).isEqualTo(4);
        assertThat(error.getProblem()).startsWith("simple expression does not compile:");
    }

    @Test
    void duplicateScalarTargetRejected() {
        MappingException error = parseError("version: 1", "fields:", "  - target: source", "    from: source",
                "  - target: source", "    constant: Privyr");

        assertThat(error.getField()).isEqualTo("fields[1]");
        assertThat(error.getLine()).isEqualTo(5);
        assertThat(error.getProblem()).isEqualTo("duplicate target 'source'; fields[0] already writes it");
    }

    @Test
    void invalidToCollisionRejected() {
        MappingException error = parseError("version: 1", "fields:", "  - target: phone", "    from: phone",
                "    transform: e164", "    invalid-to: contact.raw_phone", "  - custom-field: contact.raw_phone",
                "    from: phone");

        assertThat(error.getField()).isEqualTo("fields[1]");
        assertThat(error.getProblem()).startsWith("duplicate target 'key:contact.raw_phone'");
    }

    @Test
    void tagTransformRestricted() {
        MappingException error = parseError("version: 1", "fields:", "  - target: tags", "    from: groups",
                "    transform: e164");

        assertThat(error.getField()).isEqualTo("fields[0].transform");
        assertThat(error.getProblem()).contains("cannot be used with target 'tags'");
    }

    @Test
    void tagsCannotBlank() {
        MappingException error = parseError("version: 1", "fields:", "  - target: tags", "    from: groups",
                "    blank-when-empty: true");

        assertThat(error.getField()).isEqualTo("fields[0].blank-when-empty");
    }

    @Test
    void extraTagsOnlyOnTags() {
        MappingException error = parseError("version: 1", "fields:", "  - target: city", "    from: name",
                "    extra-tags: [privyr]");

        assertThat(error.getField()).isEqualTo("fields[0].extra-tags");
    }

    @Test
    void extraTagsMustBeList() {
        MappingException error = parseError("version: 1", "fields:", "  - target: tags",
                "    extra-tags: privyr");

        assertThat(error.getField()).isEqualTo("fields[0].extra-tags");
        assertThat(error.getProblem()).isEqualTo("expected a list but found 'privyr'");
    }

    @Test
    void dndRejectsTextTransform() {
        MappingException error = parseError("version: 1", "fields:", "  - target: dnd", "    constant: true",
                "    transform: lowercase");

        assertThat(error.getField()).isEqualTo("fields[0].transform");
    }

    @Test
    void booleanTransformNotForText() {
        MappingException error = parseError("version: 1", "fields:", "  - target: city", "    from: name",
                "    transform: boolean");

        assertThat(error.getField()).isEqualTo("fields[0].transform");
    }

    @Test
    void constantMustBeScalar() {
        MappingException error = parseError("version: 1", "fields:", "  - target: city", "    constant:");

        assertThat(error.getField()).isEqualTo("fields[0].constant");
        assertThat(error.getProblem()).endsWith("but found no value");
    }

    @Test
    void unmappedPolicyChecked() {
        MappingException error = parseError("version: 1", "unmapped-other-fields: drop", "fields:",
                "  - target: city", "    from: name");

        assertThat(error.getField()).isEqualTo("unmapped-other-fields");
        assertThat(error.getProblem()).isEqualTo("unknown policy 'drop'; expected one of: ignore, warn");
    }
}
