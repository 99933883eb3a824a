package org.toolboxai.roblox.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds the constructs that separate Luau from the Lua 5.1-compatible subset the scripts must be
 * written in, so that a parser error can be explained ("'+=' is Luau-only") instead of only
 * located ("syntax error"). A lenient lexer (it never fails; it only has to be right about valid
 * code) plus a few token patterns. The real parser (LuaJ) stays the judge of what parses: see
 * {@link LuaJScriptChecker} for how the two are combined.
 */
final class LuauSyntax {

    /**
     * A construct the Lua 5.1 subset lacks.
     *
     * @param line      where it starts
     * @param lastLine  the line of the token after it: a parser may notice the problem only there
     * @param message   what is wrong and how to write it instead
     * @param notInLuau {@code true} for what a Lua 5.2 parser accepts but Luau rejects (goto,
     *                  labels, invalid escapes): reported even when LuaJ parses the script
     */
    record Finding(int line, int lastLine, String message, boolean notInLuau) {
    }

    enum Kind { NAME, NUMBER, STRING, INTERPOLATED, SYMBOL }

    record Token(Kind kind, String text, int line) {
        boolean is(String s) {
            return (kind == Kind.SYMBOL || kind == Kind.NAME) && text.equals(s);
        }
    }

    private static final Set<String> KEYWORDS = Set.of("and", "break", "do", "else", "elseif", "end", "false", "for",
            "function", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while");
    /** Keywords after which a statement can start. */
    private static final Set<String> STATEMENT_END_KEYWORDS = Set.of("do", "then", "else", "repeat", "end", "break",
            "true", "false", "nil");
    private static final Set<String> STATEMENT_END_SYMBOLS = Set.of(")", "]", "}", ";", "...");
    /** Symbols after which an expression is expected. */
    private static final Set<String> EXPRESSION_SYMBOLS = Set.of("=", "(", ",", "{", "[", "==", "~=", "<", ">", "<=",
            ">=", "+", "-", "*", "/", "%", "^", "..", "#");
    private static final Set<String> EXPRESSION_KEYWORDS = Set.of("return", "and", "or", "not");
    private static final Set<String> COMPOUND = Set.of("+=", "-=", "*=", "/=", "%=", "^=", "..=", "//=");
    private static final List<String> SYMBOLS = List.of("...", "..=", "//=", "..", "==", "~=", "<=", ">=", "::", "+=",
            "-=", "*=", "/=", "%=", "^=", "//", "->", "!=", "&&", "||");

    private LuauSyntax() {
    }

    /** Everything in the source that is not Lua 5.1-compatible Luau, in order. */
    static List<Finding> findings(String source) {
        Lexer lexer = new Lexer(source);
        lexer.run();
        List<Token> t = lexer.tokens;
        List<Finding> out = new ArrayList<>(lexer.findings);
        for (int i = 0; i < t.size(); i++) {
            Token k = t.get(i);
            Token prev = i > 0 ? t.get(i - 1) : null;
            Token next = i + 1 < t.size() ? t.get(i + 1) : null;
            Token next2 = i + 2 < t.size() ? t.get(i + 2) : null;
            int last = next == null ? lexer.line : next.line(); // with no token after it, the parser stops at the end
            switch (k.kind()) {
                case INTERPOLATED -> out.add(luau(k, last,
                        "string interpolation with backticks is Luau-only; use string.format(...) or '..'"));
                case NUMBER -> {
                    String n = k.text().toLowerCase();
                    if (n.startsWith("0b")) {
                        out.add(luau(k, last, "binary literal '" + k.text() + "' is Luau-only; write it in decimal or hex"));
                    } else if (n.contains("_")) {
                        out.add(luau(k, last, "digit separators in '" + k.text() + "' are Luau-only; write the number without '_'"));
                    }
                }
                case SYMBOL -> {
                    String s = k.text();
                    if (COMPOUND.contains(s)) {
                        out.add(luau(k, last, "compound assignment '" + s + "' is Luau-only; write it out, e.g. 'x = x "
                                + s.substring(0, s.length() - 1) + " 1'"));
                    } else if (s.equals("//")) {
                        out.add(luau(k, last, "floor division '//' is Luau-only; use math.floor(a / b)"));
                    } else if (s.equals("!=")) {
                        out.add(luau(k, last, "'!=' is not Lua; use '~=' for not-equal"));
                    } else if (s.equals("&&")) {
                        out.add(luau(k, last, "'&&' is not Lua; use 'and'"));
                    } else if (s.equals("||")) {
                        out.add(luau(k, last, "'||' is not Lua; use 'or'"));
                    } else if (s.equals("!")) {
                        out.add(luau(k, last, "'!' is not Lua; use 'not'"));
                    } else if (s.equals("->")) {
                        out.add(luau(k, last, "function type '->' is a Luau type annotation; remove type annotations"));
                    } else if (s.equals(":")) {
                        boolean methodCall = next != null && next.kind() == Kind.NAME && next2 != null
                                && (next2.is("(") || next2.is("{") || next2.kind() == Kind.STRING);
                        if (!methodCall) {
                            String type = next == null ? "" : next.is("{") ? "{...}" : next.is("(") ? "(...)" : next.text();
                            out.add(luau(k, last, "type annotation ': " + type + "' is Luau-only; remove it"));
                        }
                    } else if (s.equals("::")) {
                        if (next != null && next.kind() == Kind.NAME && next2 != null && next2.is("::")) {
                            out.add(new Finding(k.line(), next2.line(), "label '::" + next.text()
                                    + "::' is Lua 5.2, not Luau; restructure the code with if-blocks", true));
                            i += 2;
                        } else {
                            out.add(luau(k, last, "type cast '::' is Luau-only; remove it"));
                        }
                    }
                }
                case NAME -> {
                    switch (k.text()) {
                        case "continue" -> {
                            if (statementStart(prev) && !continuesExpression(next)) {
                                out.add(luau(k, last, "'continue' is Luau-only; wrap the rest of the loop body in an "
                                        + "if-block instead"));
                            }
                        }
                        case "goto" -> {
                            if (statementStart(prev) && next != null && next.kind() == Kind.NAME) {
                                out.add(new Finding(k.line(), last, "'goto' is Lua 5.2, not Luau; wrap the rest of the "
                                        + "loop body in an if-block instead", true));
                            }
                        }
                        case "type" -> {
                            if ((statementStart(prev) || prev.is("export")) && next != null && next.kind() == Kind.NAME
                                    && !KEYWORDS.contains(next.text()) && next2 != null && (next2.is("=") || next2.is("<"))) {
                                out.add(luau(k, next2.line(), "type alias 'type " + next.text()
                                        + " = ...' is Luau-only; remove it"));
                            }
                        }
                        case "if" -> {
                            if (prev != null && (prev.kind() == Kind.SYMBOL && EXPRESSION_SYMBOLS.contains(prev.text())
                                    || prev.kind() == Kind.NAME && EXPRESSION_KEYWORDS.contains(prev.text()))) {
                                out.add(luau(k, last, "if-then-else expressions are Luau-only; use an if statement "
                                        + "(or 'condition and a or b')"));
                            }
                        }
                        case "function" -> {
                            int j = i + 1;
                            if (j < t.size() && t.get(j).kind() == Kind.NAME && !KEYWORDS.contains(t.get(j).text())) {
                                j++;
                                while (j + 1 < t.size() && (t.get(j).is(".") || t.get(j).is(":"))
                                        && t.get(j + 1).kind() == Kind.NAME) {
                                    j += 2;
                                }
                            }
                            if (j < t.size() && t.get(j).is("<")) {
                                out.add(luau(t.get(j), t.get(j).line(),
                                        "generic type parameters '<...>' are Luau-only; remove them"));
                            }
                        }
                        default -> {
                        }
                    }
                }
                default -> {
                }
            }
        }
        return out;
    }

    private static Finding luau(Token at, int lastLine, String message) {
        return new Finding(at.line(), Math.max(at.line(), lastLine), message, false);
    }

    /** Whether a statement can start after this token. */
    private static boolean statementStart(Token prev) {
        if (prev == null) {
            return true;
        }
        return switch (prev.kind()) {
            case NUMBER, STRING, INTERPOLATED -> true;
            case NAME -> !KEYWORDS.contains(prev.text()) && !prev.text().equals("goto")
                    || STATEMENT_END_KEYWORDS.contains(prev.text());
            case SYMBOL -> STATEMENT_END_SYMBOLS.contains(prev.text());
        };
    }

    /** Whether this token continues a name into an expression (call, index, assignment). */
    private static boolean continuesExpression(Token next) {
        return next != null && (next.is("(") || next.is(".") || next.is("[") || next.is(":") || next.is("=")
                || next.is(",") || next.is("{") || next.kind() == Kind.STRING || next.kind() == Kind.INTERPOLATED);
    }

    /** Lua's lexical rules, plus Luau's backtick strings; line ends as Lua counts them. */
    private static final class Lexer {
        private final String s;
        private final List<Token> tokens = new ArrayList<>();
        private final List<Finding> findings = new ArrayList<>();
        private int pos;
        private int line = 1;

        Lexer(String source) {
            this.s = source;
        }

        void run() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\n' || c == '\r') {
                    newline();
                } else if (c == ' ' || c == '\t' || c == '\f' || c == 0x0B) {
                    pos++;
                } else if (c == '-' && at(pos + 1) == '-') {
                    comment();
                } else if (c == '[' && longBracketLevel(pos) >= 0) {
                    int start = line;
                    longBracket(longBracketLevel(pos));
                    tokens.add(new Token(Kind.STRING, "[[...]]", start));
                } else if (c == '"' || c == '\'') {
                    shortString(c);
                } else if (c == '`') {
                    interpolated();
                } else if (isDigit(c) || c == '.' && isDigit(at(pos + 1))) {
                    number();
                } else if (isNameStart(c)) {
                    int start = pos;
                    while (pos < s.length() && isNamePart(s.charAt(pos))) {
                        pos++;
                    }
                    tokens.add(new Token(Kind.NAME, s.substring(start, pos), line));
                } else {
                    symbol();
                }
            }
        }

        private char at(int i) {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        /** One line end: \n, \r, \r\n or \n\r. */
        private void newline() {
            char c = s.charAt(pos++);
            char d = at(pos);
            if ((d == '\n' || d == '\r') && d != c) {
                pos++;
            }
            line++;
        }

        /** The level of a long bracket opening at {@code i} ({@code [[} is 0, {@code [=[} is 1), or -1. */
        private int longBracketLevel(int i) {
            int j = i + 1;
            while (at(j) == '=') {
                j++;
            }
            return at(j) == '[' ? j - i - 1 : -1;
        }

        private void longBracket(int level) {
            pos += level + 2;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ']' && closes(level)) {
                    pos += level + 2;
                    return;
                }
                if (c == '\n' || c == '\r') {
                    newline();
                } else {
                    pos++;
                }
            }
        }

        private boolean closes(int level) {
            for (int k = 1; k <= level; k++) {
                if (at(pos + k) != '=') {
                    return false;
                }
            }
            return at(pos + level + 1) == ']';
        }

        private void comment() {
            pos += 2;
            if (at(pos) == '[' && longBracketLevel(pos) >= 0) {
                longBracket(longBracketLevel(pos));
                return;
            }
            while (pos < s.length() && s.charAt(pos) != '\n' && s.charAt(pos) != '\r') {
                pos++;
            }
        }

        private void shortString(char quote) {
            int start = line;
            int from = pos;
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == quote) {
                    pos++;
                    break;
                }
                if (c == '\n' || c == '\r') {
                    break; // unfinished: the parser says so
                }
                if (c == '\\') {
                    escape();
                } else {
                    pos++;
                }
            }
            tokens.add(new Token(Kind.STRING, s.substring(from, pos), start));
        }

        /** At a backslash inside a string: Lua 5.1's escapes plus Luau's \x, \z and \\u{...}. */
        private void escape() {
            pos++;
            if (pos >= s.length()) {
                return;
            }
            char e = s.charAt(pos);
            switch (e) {
                case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\', '"', '\'' -> pos++;
                case '\n', '\r' -> newline();
                case 'x' -> {
                    pos++;
                    for (int k = 0; k < 2 && isHex(at(pos)); k++) {
                        pos++;
                    }
                }
                case 'z' -> {
                    pos++;
                    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                        if (s.charAt(pos) == '\n' || s.charAt(pos) == '\r') {
                            newline();
                        } else {
                            pos++;
                        }
                    }
                }
                case 'u' -> {
                    pos++;
                    if (at(pos) == '{') {
                        while (pos < s.length() && s.charAt(pos) != '}' && s.charAt(pos) != '\n') {
                            pos++;
                        }
                        if (at(pos) == '}') {
                            pos++;
                        }
                    }
                }
                default -> {
                    if (isDigit(e)) {
                        for (int k = 0; k < 3 && isDigit(at(pos)); k++) {
                            pos++;
                        }
                    } else {
                        findings.add(new Finding(line, line, "invalid escape sequence '\\" + new String(Character.toChars(
                                s.codePointAt(pos))) + "' in a string; write '\\\\' for a backslash", true));
                        pos += Character.charCount(s.codePointAt(pos));
                    }
                }
            }
        }

        private void interpolated() {
            int start = line;
            int from = pos;
            pos++;
            int depth = 0;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\\') {
                    pos++;
                    if (pos < s.length() && (s.charAt(pos) == '\n' || s.charAt(pos) == '\r')) {
                        newline();
                    } else {
                        pos++;
                    }
                    continue;
                }
                if (c == '\n' || c == '\r') {
                    break;
                }
                pos++;
                if (c == '`' && depth == 0) {
                    break;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && depth > 0) {
                    depth--;
                }
            }
            tokens.add(new Token(Kind.INTERPOLATED, s.substring(from, pos), start));
        }

        private void number() {
            int from = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if ((c == 'e' || c == 'E' || c == 'p' || c == 'P') && (at(pos + 1) == '+' || at(pos + 1) == '-')) {
                    pos += 2;
                } else if (isNamePart(c) || c == '.') {
                    pos++;
                } else {
                    break;
                }
            }
            tokens.add(new Token(Kind.NUMBER, s.substring(from, pos), line));
        }

        private void symbol() {
            for (String sym : SYMBOLS) {
                if (s.startsWith(sym, pos)) {
                    tokens.add(new Token(Kind.SYMBOL, sym, line));
                    pos += sym.length();
                    return;
                }
            }
            int cp = s.codePointAt(pos);
            tokens.add(new Token(Kind.SYMBOL, new String(Character.toChars(cp)), line));
            pos += Character.charCount(cp);
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isHex(char c) {
            return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
        }

        private static boolean isNameStart(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
        }

        private static boolean isNamePart(char c) {
            return isNameStart(c) || isDigit(c);
        }
    }
}
