package dev.curlmulti.core.tables;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes multi-core's libcurl tables ({@code CurlOpt}, {@code CurlInfo}, {@code CurlMultiOpt}, {@code CurlCodes})
 * from the libcurl files checked in under {@code src/tables/libcurl} and the templates beside them. Run by
 * bin/generate-tables (compiled with javac, no build needed); {@code GeneratedTablesTest} runs the same code
 * and fails when a checked-in table is not what it makes. Single-threaded; holds no state.
 *
 * <p>{@code java GenerateTables MODULE_DIR [--check] [--from CURL_SOURCE_DIR]}: {@code --from} first copies
 * the files of another curl release into {@code src/tables/libcurl}; {@code --check} writes nothing and
 * exits 1 when a table differs.
 */
public final class GenerateTables {
    /** The command a contributor runs, named in every message about a stale table. */
    static final String COMMAND = "bin/generate-tables";

    private static final String PACKAGE_DIR = "src/main/java/dev/curlmulti/core";
    /** Under the inputs directory: the libcurl files; the templates sit beside it. */
    private static final String LIBCURL = "libcurl";

    private GenerateTables() {}

    /** Runs the generator: see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        Path module = Path.of(args[0]);
        boolean check = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--check")) {
                check = true;
            } else if (args[i].equals("--from") && i + 1 < args.length) {
                LibcurlSource.copy(Path.of(args[++i]), inputs(module).resolve(LIBCURL));
            } else {
                System.err.println("usage: " + COMMAND + " [--check] [--from CURL_SOURCE_DIR]");
                System.exit(2);
            }
        }
        if (check) {
            List<String> differences = differences(module.resolve(PACKAGE_DIR), module);
            differences.forEach(System.err::println);
            System.exit(differences.isEmpty() ? 0 : 1);
        }
        for (Map.Entry<String, String> table : generate(module).entrySet()) {
            Path file = module.resolve(PACKAGE_DIR).resolve(table.getKey());
            if (!table.getValue().equals(Files.exists(file) ? Files.readString(file) : null)) {
                Files.writeString(file, table.getValue());
                System.out.println("wrote " + file);
            }
        }
    }

    /** Each table's file name ({@code CurlOpt.java}) to the text the generator makes of {@code module}'s inputs. */
    static Map<String, String> generate(Path module) {
        Path inputs = inputs(module);
        LibcurlSource source = LibcurlSource.read(inputs.resolve(LIBCURL));
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("CurlOpt.java", OptionTable.write(source, Template.of(inputs, "CurlOpt.java")));
        tables.put("CurlInfo.java", InfoTable.write(source, Template.of(inputs, "CurlInfo.java")));
        tables.put("CurlMultiOpt.java", MultiOptionTable.write(source, Template.of(inputs, "CurlMultiOpt.java")));
        tables.put("CurlCodes.java", CodesTable.write(source, Template.of(inputs, "CurlCodes.java")));
        return tables;
    }

    /**
     * For each table under {@code packageDir} that is not what the generator makes of {@code module}'s inputs, a
     * message naming the file, its first differing line, and the command that rewrites it; empty when all match.
     */
    static List<String> differences(Path packageDir, Path module) throws IOException {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> table : generate(module).entrySet()) {
            Path file = packageDir.resolve(table.getKey());
            String actual = Files.exists(file) ? Files.readString(file) : "";
            if (!actual.equals(table.getValue())) {
                differences.add(file + " is not what the generator makes of " + inputs(module) + ": "
                        + firstDifference(actual, table.getValue()) + ". Run " + COMMAND + " and commit the result"
                        + " (a change to the fixed text belongs in " + table.getKey() + ".template).");
            }
        }
        return differences;
    }

    private static Path inputs(Path module) {
        return module.resolve("src/tables");
    }

    private static String firstDifference(String actual, String expected) {
        String[] have = actual.split("\n", -1);
        String[] want = expected.split("\n", -1);
        for (int i = 0; i < Math.max(have.length, want.length); i++) {
            String line = i < have.length ? have[i] : "(end of file)";
            String generated = i < want.length ? want[i] : "(end of file)";
            if (!line.equals(generated)) {
                return "line " + (i + 1) + " is \"" + line.strip() + "\" where the generator writes \""
                        + generated.strip() + "\"";
            }
        }
        return "they differ";
    }
}
