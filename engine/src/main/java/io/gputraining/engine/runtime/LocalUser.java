package io.gputraining.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;

/**
 * The user and primary group this JVM runs as. A host process cannot switch user without privileges the
 * engine must not need, so the local runtime runs everything as this user and refuses specs asking for
 * another one.
 *
 * @param uid       numeric user id, -1 when unknown
 * @param gid       numeric primary group id, -1 when unknown
 * @param userName  user name, never null
 * @param groupName primary group name, or null when unknown
 */
record LocalUser(long uid, long gid, String userName, String groupName) {

    /**
     * Reads the identity from {@code /proc/self}, which the kernel owns as this process' effective user and
     * group; on hosts without it only the name from {@code user.name} is known.
     */
    static LocalUser current() {
        try {
            Map<String, Object> a = Files.readAttributes(Path.of("/proc/self"), "unix:uid,gid,owner,group");
            return new LocalUser(((Number) a.get("uid")).longValue(), ((Number) a.get("gid")).longValue(),
                    ((UserPrincipal) a.get("owner")).getName(), ((GroupPrincipal) a.get("group")).getName());
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return new LocalUser(-1, -1, System.getProperty("user.name", ""), null);
        }
    }

    /**
     * Whether {@code spec} ({@code user}, {@code uid}, {@code user:group} or {@code uid:gid}, as Docker takes
     * it) names this user, and this user's primary group when a group is given.
     */
    boolean matches(String spec) {
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        String group = colon < 0 ? null : spec.substring(colon + 1);
        boolean userMatches = user.equals(userName) || (uid >= 0 && user.equals(Long.toString(uid)));
        boolean groupMatches = group == null || group.equals(groupName) || (gid >= 0 && group.equals(Long.toString(gid)));
        return userMatches && groupMatches;
    }

    /** {@code name (uid:gid)} for messages. */
    String describe() {
        return userName + " (" + uid + ":" + gid + ")";
    }
}
