package io.gputraining.engine.registry.oci;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tags a model repository holds: versions are plain integers ({@code 1}, {@code 2}, …: the tag is the
 * version), each version's idempotency key has a tag {@code idem-<first 16 hex of sha256(key)>} pointing at
 * the same manifest, and aliases are any other tag a user chooses ({@code production}).
 */
final class VersionTags {

    static final String IDEMPOTENCY_PREFIX = "idem-";
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    private VersionTags() {
    }

    /** The version after the highest one among {@code tags}; 1 when there is none. */
    static long next(Collection<String> tags) {
        return versions(tags).stream().mapToLong(Long::longValue).max().orElse(0) + 1;
    }

    /** At most {@code limit} version numbers among {@code tags}, highest first. */
    static List<String> newestVersions(Collection<String> tags, int limit) {
        return versions(tags).stream().sorted(Comparator.reverseOrder()).limit(limit).map(String::valueOf).toList();
    }

    private static List<Long> versions(Collection<String> tags) {
        return tags.stream().filter(t -> VERSION.matcher(t).matches()).map(Long::parseLong).toList();
    }

    /** The tag that finds a version by its idempotency key in one request. */
    static String idempotencyTag(String idempotencyKey) {
        return IDEMPOTENCY_PREFIX + Blob.digestOf(idempotencyKey.getBytes(StandardCharsets.UTF_8)).substring("sha256:".length(),
                "sha256:".length() + 16);
    }

    /**
     * @return {@code alias}, checked: a valid tag that cannot be mistaken for a version or an idempotency tag;
     *         null when it is null or blank
     * @throws InvalidOciNameException otherwise
     */
    static String checkAlias(String alias) {
        if (alias == null || alias.isBlank()) {
            return null; // a form left empty means no alias
        }
        if (!TAG.matcher(alias).matches()) {
            throw new InvalidOciNameException("Alias '" + alias + "' is not an OCI tag: use 1 to 128 letters, digits, '_', '.' "
                    + "and '-', not starting with '.' or '-'.");
        }
        if (alias.chars().allMatch(Character::isDigit) || alias.startsWith(IDEMPOTENCY_PREFIX)) {
            throw new InvalidOciNameException("Alias '" + alias + "' looks like a version number or an idempotency tag, "
                    + "which this registry manages itself; choose a name such as 'production' or 'candidate'.");
        }
        return alias;
    }
}
