package io.dtls4j.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads Project Wycheproof vector files from {@code ${dtls4j.shared.dir}/vectors/wycheproof/} (never
 * copied into the repo); a test is skipped, with a message naming the folder, when they are absent.
 */
final class Wycheproof {
    private Wycheproof() {
    }

    /** One test case with the group it belongs to. */
    record Case(JsonNode group, JsonNode test) {
        int id() {
            return test.get("tcId").asInt();
        }

        String result() {
            return test.get("result").asText();
        }

        byte[] hex(String field) {
            return Hex.decode(test.get(field).asText());
        }

        boolean hasFlag(String flag) {
            for (JsonNode f : test.path("flags")) {
                if (f.asText().equals(flag)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "tcId " + id() + " (" + result() + ", " + test.path("comment").asText() + ", flags " + test.path("flags") + ")";
        }
    }

    static Path folder() {
        String shared = System.getProperty("dtls4j.shared.dir", "../shared");
        return Path.of(shared, "vectors", "wycheproof");
    }

    /** All cases of {@code fileName}, or a skipped test when the vectors folder is missing. */
    static List<Case> cases(String fileName) {
        Path file = folder().resolve(fileName);
        Assumptions.assumeTrue(Files.isRegularFile(file),
                "Wycheproof vectors not found at " + file.toAbsolutePath() + "; skipping");
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            List<Case> cases = new ArrayList<>();
            for (JsonNode group : root.get("testGroups")) {
                for (JsonNode test : group.get("tests")) {
                    cases.add(new Case(group, test));
                }
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
