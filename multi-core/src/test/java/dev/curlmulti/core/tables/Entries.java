package dev.curlmulti.core.tables;

/** Text helpers shared by the table writers. */
final class Entries {
    private Entries() {}

    /** Enum constants written one a line, each ending {@code ,}: the last one ends the list with {@code ;}. */
    static String terminate(StringBuilder constants) {
        int comma = constants.lastIndexOf(",");
        if (comma < 0) {
            throw new IllegalStateException("no constants");
        }
        return constants.replace(comma, comma + 1, ";").toString();
    }
}
