package org.privyrghlsync.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Positions in compact JSON text, found with a small scanner that tracks where string literals begin and end. */
final class JsonText {

    /** Content of one string literal: {@code start} is the first character after the opening quote. */
    record StringLiteral(int start, int end, boolean key) {
    }

    private JsonText() {
    }

    /** Returns the positions of the given structural characters that lie outside string literals. */
    static List<Integer> structural(String json, String characters) {
        List<Integer> positions = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (characters.indexOf(c) >= 0) {
                positions.add(i);
            }
        }
        return positions;
    }

    /** Returns every string literal, keys and values, in text order. */
    static List<StringLiteral> strings(String json) {
        List<StringLiteral> literals = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (start >= 0) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    boolean key = i + 1 < json.length() && json.charAt(i + 1) == ':';
                    literals.add(new StringLiteral(start, i, key));
                    start = -1;
                }
            } else if (c == '"') {
                start = i + 1;
            }
        }
        return literals;
    }

    /** Returns a random position inside a string value, where inserted text stays inside the literal. */
    static int insideStringValue(String json, Random random) {
        List<StringLiteral> values = strings(json).stream().filter(literal -> !literal.key()).toList();
        StringLiteral literal = values.get(random.nextInt(values.size()));
        return literal.start() + random.nextInt(literal.end() - literal.start() + 1);
    }

    /** Returns the UTF-8 byte offset of a character position. */
    static int byteOffset(String json, int charIndex) {
        return json.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length;
    }

    /** Returns {@code bytes} with {@code inserted} placed at {@code offset}. */
    static byte[] insert(byte[] bytes, int offset, byte[] inserted) {
        byte[] result = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, result, 0, offset);
        System.arraycopy(inserted, 0, result, offset, inserted.length);
        System.arraycopy(bytes, offset, result, offset + inserted.length, bytes.length - offset);
        return result;
    }
}
