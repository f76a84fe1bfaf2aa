package dev.ariel.serve;

/**
 * The rule for an uploaded model's name, which appears in messages ({@code name:line: what}) and
 * in the model's JSON, never as a path: any 1 to 100 characters that are not a path separator or
 * a control character, so that a browser's {@code my model (1).vm} or {@code modèle.vm} is kept
 * as the user named it, while {@code ../x} and names that would break a message's one line are refused.
 */
final class UploadName {
    static final int MAX_CHARACTERS = 100;

    private UploadName() {}

    /** {@code name}, if it follows the rule; else a 400 that says the rule. */
    static String check(String name) {
        int n = name.codePointCount(0, name.length());
        boolean ok = n >= 1 && n <= MAX_CHARACTERS && !name.equals(".") && !name.equals("..")
                && name.codePoints().noneMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c)
                        || Character.getType(c) == Character.LINE_SEPARATOR
                        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
        if (!ok) {
            throw ApiException.badRequest("name must be 1 to " + MAX_CHARACTERS
                    + " characters with no '/', '\\' or control character, not '" + name + "'");
        }
        return name;
    }
}
