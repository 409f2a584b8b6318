package io.dtls4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a password comes from, in OpenSSL's {@code -passin} forms: {@code pass:TEXT},
 * {@code env:VAR} or {@code file:PATH} (its first line). Messages name the form and the variable or
 * file, never the password itself.
 */
final class PasswordSource {
    static final String FORMS = "pass:TEXT, env:VAR or file:PATH";

    private PasswordSource() {
    }

    /** The password {@code spec} names; {@code option} is the flag, for messages. */
    static char[] read(String option, String spec, Map<String, String> environment) throws CliException {
        int colon = spec.indexOf(':');
        String form = colon < 0 ? "" : spec.substring(0, colon);
        String value = colon < 0 ? "" : spec.substring(colon + 1);
        switch (form) {
            case "pass":
                return value.toCharArray();
            case "env": {
                String password = environment.get(value);
                if (password == null) {
                    throw new CliException(ExitCode.USAGE, option + " env:" + value
                            + ": environment variable " + value + " is not set");
                }
                return password.toCharArray();
            }
            case "file":
                return firstLine(option, Path.of(value));
            default:
                // the value may be a password typed without its form: never echo it
                throw new CliException(ExitCode.USAGE, option + ": expected " + FORMS);
        }
    }

    /** The first line of {@code file} without its line end, as OpenSSL's {@code file:} reads it. */
    private static char[] firstLine(String option, Path file) throws CliException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.FILE, option + " file:" + file + ": no such file", e);
        } catch (IOException e) {
            throw new CliException(ExitCode.FILE, option + " file:" + Failures.reason(e), e);
        }
        int end = 0;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        return text.substring(0, end).toCharArray();
    }
}
