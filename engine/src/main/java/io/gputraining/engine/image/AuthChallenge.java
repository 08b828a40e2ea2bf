package io.gputraining.engine.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme such as {@code Bearer} or
 * {@code Basic} with its parameters ({@code realm}, {@code service}, {@code scope}, {@code error}).
 *
 * @param scheme     the scheme, lower case
 * @param parameters parameter names (lower case) to their unquoted values, in header order
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {

    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

    AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    boolean isBearer() {
        return scheme.equals("bearer");
    }

    boolean isBasic() {
        return scheme.equals("basic");
    }

    Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * All challenges in the given header values. A header may hold several challenges separated by
     * commas, which is why parameters and the next scheme are told apart by the {@code =} after a name.
     * Malformed tails are dropped rather than failing: a challenge we cannot read is one we cannot answer,
     * and the caller reports that.
     */
    static List<AuthChallenge> parse(List<String> headerValues) {
        List<AuthChallenge> challenges = new ArrayList<>();
        for (String header : headerValues) {
            parseInto(header, challenges);
        }
        return challenges;
    }

    private static void parseInto(String header, List<AuthChallenge> out) {
        Cursor c = new Cursor(header);
        c.skipSeparators();
        while (!c.atEnd()) {
            String scheme = c.token();
            if (scheme.isEmpty()) {
                return;
            }
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                c.skipSeparators();
                int mark = c.pos;
                String name = c.token();
                c.skipSpaces();
                if (name.isEmpty() || !c.consume('=')) {
                    c.pos = mark; // not a parameter: the next challenge's scheme, or the end
                    break;
                }
                c.skipSpaces();
                params.put(name.toLowerCase(Locale.ROOT), c.peek() == '"' ? c.quoted() : c.bareValue());
            }
            out.add(new AuthChallenge(scheme, params));
        }
    }

    private static final class Cursor {
        private final String s;
        private int pos;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(pos);
        }

        boolean consume(char ch) {
            if (peek() == ch) {
                pos++;
                return true;
            }
            return false;
        }

        void skipSpaces() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        void skipSeparators() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == ',')) {
                pos++;
            }
        }

        String token() {
            int start = pos;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) && peek() < 128 || TOKEN_CHARS.indexOf(peek()) >= 0)) {
                pos++;
            }
            return s.substring(start, pos);
        }

        /** An unquoted value; read up to the next comma or space, since registries put URLs there unquoted. */
        String bareValue() {
            int start = pos;
            while (!atEnd() && peek() != ',' && peek() != ' ' && peek() != '\t') {
                pos++;
            }
            return s.substring(start, pos);
        }

        String quoted() {
            StringBuilder value = new StringBuilder();
            pos++; // opening quote
            while (!atEnd() && peek() != '"') {
                if (peek() == '\\' && pos + 1 < s.length()) {
                    pos++;
                }
                value.append(s.charAt(pos++));
            }
            consume('"');
            return value.toString();
        }
    }
}
