package dev.curlmulti.core.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The libcurl tables in multi-core's sources are exactly what bin/generate-tables makes of the libcurl files
 * checked in under {@code src/tables/libcurl}, so a newer libcurl's options arrive by running it and a table
 * edited by hand is caught in every test run.
 */
class GeneratedTablesTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path SOURCES = MODULE.resolve("src/main/java/dev/curlmulti/core");

    @Test
    void everyTableIsWhatTheGeneratorMakesOfTheCheckedInLibcurlFiles() throws IOException {
        assertThat(GenerateTables.differences(SOURCES, MODULE))
                .as("tables that differ")
                .isEmpty();
    }

    @Test
    void theGeneratorReadsEveryKindOfEntryFromTheHeaders() {
        Map<String, String> tables = GenerateTables.generate(MODULE);

        assertThat(tables).containsOnlyKeys("CurlOpt.java", "CurlInfo.java", "CurlMultiOpt.java", "CurlCodes.java");
        assertThat(tables.get("CurlOpt.java"))
                .contains("    URL(10002, Type.STRINGPOINT, 0x070100, null),\n")
                .contains("    HTTPPOST(10024, Type.OBJECTPOINT, 0x070100, \"7.56.0\"),\n")
                .contains("    INFILESIZE_LARGE(30115, Type.OFF_T, 0x070b00, null),\n")
                .contains("    FILE(10001, Type.CBPOINT, 0x070100, \"7.9.7\"),\n")
                .doesNotContain("WRITEINFO");
        assertThat(tables.get("CurlInfo.java"))
                .contains("    RESPONSE_CODE(0x200002, Type.LONG, 0x070a08, null),\n")
                .contains("    CERTINFO(0x400022, Type.PTR, 0x071301, null),\n")
                .contains("    SIZE_UPLOAD_T(0x600007, Type.OFF_T, 0x073700, null),\n")
                .doesNotContain("HTTP_CODE");
        assertThat(tables.get("CurlMultiOpt.java"))
                .contains("    PUSHFUNCTION(20014, Type.FUNCTIONPOINT, 0x072c00),\n");
        assertThat(tables.get("CurlCodes.java"))
                .contains("            \"CURLE_OK\",\n")
                .contains("            // libcurl 8.x\n            \"CURLE_TOO_LARGE\",\n")
                .contains("            \"CURLM_CALL_MULTI_PERFORM\",\n            \"CURLM_OK\",\n");
    }

    @Test
    void aTableEditedByHandIsReportedWithItsLineAndTheCommandThatRewritesIt(@TempDir Path copy) throws IOException {
        for (Map.Entry<String, String> table : GenerateTables.generate(MODULE).entrySet()) {
            Files.writeString(copy.resolve(table.getKey()), table.getValue());
        }
        Path options = copy.resolve("CurlOpt.java");
        Files.writeString(options, Files.readString(options).replace("    URL(10002,", "    URL(10003,"));

        List<String> differences = GenerateTables.differences(copy, MODULE);

        assertThat(differences)
                .singleElement()
                .asString()
                .startsWith(options.toString())
                .contains("line 18 is \"URL(10003, Type.STRINGPOINT, 0x070100, null),\"")
                .contains("Run bin/generate-tables");
    }
}
