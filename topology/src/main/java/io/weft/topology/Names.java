package io.weft.topology;

import java.util.regex.Pattern;

/** The naming rule shared by networks and endpoints: safe in URLs, OVS external_ids and Docker names. */
final class Names {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private Names() {
    }

    /** Returns {@code value} if it is a valid name, otherwise throws an INVALID error naming {@code field}. */
    static String requireValid(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw TopologyException.invalid(field + " is required");
        }
        if (!VALID.matcher(value).matches()) {
            throw TopologyException.invalid("invalid " + field + " '" + value
                    + "': use 1 to 64 characters from A-Z a-z 0-9 _ . - starting with a letter or digit");
        }
        return value;
    }
}
