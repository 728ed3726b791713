package dev.curlmulti.reactor.internal;

/**
 * Whether a string is an IP address literal as libcurl's {@code CURLOPT_RESOLVE} parses one
 * ({@code inet_pton}): dotted IPv4 with four octets of at most 255, or IPv6 text with hex groups of
 * up to four digits, at most one {@code ::}, and an optional dotted IPv4 tail. Checked by hand,
 * because {@link java.net.InetAddress#getByName} looks a string up in DNS when it does not parse.
 * Stateless. Not API.
 */
public final class IpLiterals {
    private IpLiterals() {}

    /** {@code text} is an IPv4 literal such as {@code 127.0.0.1}. */
    public static boolean ipv4(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} is an IPv6 literal without brackets, such as {@code ::1} or {@code ::ffff:10.0.0.1}. */
    public static boolean ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String[] halves =
                gap >= 0 ? new String[] {text.substring(0, gap), text.substring(gap + 2)} : new String[] {text};
        int groups = 0;
        for (int h = 0; h < halves.length; h++) {
            if (halves[h].isEmpty()) {
                continue;
            }
            String[] parts = halves[h].split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                boolean tail = h == halves.length - 1 && i == parts.length - 1;
                if (tail && parts[i].indexOf('.') >= 0) {
                    if (!ipv4(parts[i])) {
                        return false;
                    }
                    groups += 2;
                } else if (parts[i].matches("[0-9A-Fa-f]{1,4}")) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return gap >= 0 ? groups <= 7 : groups == 8;
    }
}
