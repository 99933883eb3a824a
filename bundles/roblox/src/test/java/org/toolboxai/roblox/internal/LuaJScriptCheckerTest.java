package org.toolboxai.roblox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.ScriptKind;

class LuaJScriptCheckerTest {

    private final LuaJScriptChecker checker = new LuaJScriptChecker();

    private List<String> check(String source) {
        return checker.check(new LuauScript("Test", ScriptKind.SERVER, source));
    }

    static List<LuauScript> fixtureScripts() {
        return Fixtures.scripts();
    }

    @ParameterizedTest
    @MethodSource("fixtureScripts")
    void acceptsTheFixtureScripts(LuauScript script) {
        assertThat(checker.check(script)).isEmpty();
    }

    @Test
    void acceptsLua51StyleLuau() {
        assertThat(check("")).isEmpty();
        assertThat(check("\uFEFFprint('a byte order mark is fine')")).isEmpty();
        assertThat(check("""
                local t = { [1] = "a"; b = 2, c = { nested = true }, }
                local obj = { name = "x" }
                function obj:greet(greeting, ...)
                    return (greeting or "hi") .. ", " .. self.name, select("#", ...)
                end
                local s = obj:greet "hello"
                local u = obj.greet(obj, [[long
                string]])
                local e = "escapes: \\a\\b\\f\\n\\r\\t\\v\\\\ \\" \\' \\065 \\x41 \\z
                          continued \\u{48}"
                local continue = 1 -- not a keyword in Lua, nor in Luau outside statements
                t.continue = continue
                local type = type(t)
                while false do break end
                repeat local n = 1 until n == 1
                for i = 10, 1, -1 do end
                for k, v in pairs(t) do end
                do local _ = #t ~= 0 and not nil end
                return t
                """)).isEmpty();
    }

    @Test
    void missingEndIsReportedWhereTheParserNoticesItNamingTheOpenBlock() {
        List<String> errors = check("""
                local count = 0
                local function add(n)
                    if n > 0 then
                        count = count + n
                    end
                print(count)
                """);
        assertThat(errors).singleElement().asString()
                .startsWith("line 7: ")
                .contains("'end' expected")
                .contains("to close 'function' at line 2");
    }

    @Test
    void unclosedStringIsReportedOnItsLine() {
        List<String> errors = check("""
                local a = 1
                local b = 2
                local message = "this string never ends
                print(message)
                """);
        assertThat(errors).singleElement().asString().startsWith("line 3: ").contains("unfinished string");
    }

    @Test
    void compoundAssignmentIsExplainedOnItsLine() {
        List<String> errors = check("""
                local points = 0
                local function award(n)
                    -- Luau would accept the next line, Lua 5.1 does not
                    points += n
                end
                """);
        assertThat(errors).singleElement().asString()
                .startsWith("line 4: ")
                .contains("'+='")
                .contains("Luau-only")
                .contains("x = x + 1");
    }

    @Test
    void continueIsExplainedOnItsOwnLineNotTheNextOne() {
        // LuaJ itself stops at the 'end' on line 5
        assertThat(LuaJScriptChecker.parse("""
                for i = 1, 10 do
                    if i % 2 == 0 then
                        continue
                    end
                    print(i)
                end
                """)).extracting(LuaJScriptChecker.ParseError::line).isEqualTo(4);
        List<String> errors = check("""
                for i = 1, 10 do
                    if i % 2 == 0 then
                        continue
                    end
                    print(i)
                end
                """);
        assertThat(errors).singleElement().asString().startsWith("line 3: ").contains("'continue' is Luau-only");
    }

    @Test
    void typeAnnotationsAreExplained() {
        assertThat(check("local function area(w: number, h: number): number\n    return w * h\nend\n"))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e).startsWith("line 1: ").contains("type annotation"))
                .anySatisfy(e -> assertThat(e).contains("': number'"));
        assertThat(check("local x = 1\nlocal name: string = \"Ada\"\n")).singleElement().asString()
                .startsWith("line 2: ").contains("type annotation ': string'");
        assertThat(check("type Point = { x: number }\nlocal p = {}\n")).first().asString()
                .startsWith("line 1: ").contains("type alias");
        assertThat(check("local n = (x :: number)\n")).singleElement().asString()
                .startsWith("line 1: ").contains("type cast");
        assertThat(check("local function id<T>(v)\n return v\nend\n")).singleElement().asString()
                .startsWith("line 1: ").contains("generic");
    }

    @Test
    void otherLuauOnlySyntaxIsExplained() {
        assertThat(check("local a = 1\nlocal b = if a > 0 then 1 else 2\n")).singleElement().asString()
                .startsWith("line 2: ").contains("if-then-else expressions");
        assertThat(check("local who = 'Ada'\nprint(`hello {who}`)\n")).singleElement().asString()
                .startsWith("line 2: ").contains("string interpolation");
        assertThat(check("local half = 7 // 2\n")).singleElement().asString()
                .startsWith("line 1: ").contains("floor division");
        assertThat(check("local big = 1_000_000\n")).singleElement().asString()
                .startsWith("line 1: ").contains("digit separators");
        assertThat(check("if a != b then end\n")).singleElement().asString()
                .startsWith("line 1: ").contains("'~='");
        assertThat(check("local s = 'x'\ns ..= 'y'\n")).singleElement().asString()
                .startsWith("line 2: ").contains("'..='");
    }

    @Test
    void lua52OnlySyntaxIsReportedEvenThoughLuaJParsesIt() {
        String source = """
                for i = 1, 3 do
                    if i == 2 then goto skip end
                    print(i)
                    ::skip::
                end
                """;
        assertThat(LuaJScriptChecker.parse(source)).isNull();
        assertThat(check(source)).containsExactly(
                "line 2: 'goto' is Lua 5.2, not Luau; wrap the rest of the loop body in an if-block instead",
                "line 4: label '::skip::' is Lua 5.2, not Luau; restructure the code with if-blocks");
        assertThat(check("print(\"C:\\Users\\ada\")\n")).singleElement().asString()
                .startsWith("line 1: ").contains("invalid escape sequence '\\U'");
    }

    @Test
    void plainSyntaxErrorsKeepTheParsersMessageWithTokensNamed() {
        assertThat(check("local x = 1\nlocal y = = 2\n")).containsExactly("line 2: unexpected symbol near '='");
        assertThat(check("local x = end\n")).containsExactly("line 1: unexpected symbol near 'end'");
        assertThat(check("print(\n")).containsExactly("line 2: unexpected symbol near <eof>");
        assertThat(check("local t = { 1, 2\nprint(t)\n")).singleElement().asString().startsWith("line 2: ")
                .contains("'}' expected");
        assertThat(check("x = " + "(".repeat(300) + "1" + ")".repeat(300))).singleElement().asString()
                .contains("too many syntax levels");
    }

    @Test
    void aParseErrorBeforeAnyLuauConstructIsNotBlamedOnIt() {
        // the error is on line 1; the '+=' on line 3 is never reached by the parser
        assertThat(check("local = 1\nlocal x = 0\nx += 1\n")).containsExactly("line 1: '<name>' expected");
    }

    @Test
    void linesAreCountedAsLuaCountsThem() {
        assertThat(check("local a = 1\r\nlocal b = 2\r\nb += 1\r\n")).singleElement().asString().startsWith("line 3: ");
        assertThat(check("--[[ a\nlong\ncomment ]] local s = [==[\n]]\n]==]\nlocal x = 1 +\n")).singleElement()
                .asString().startsWith("line 7: ");
    }

    @Test
    void aScriptWithoutSourceIsAnError() {
        assertThat(checker.check(new LuauScript("Empty", ScriptKind.SERVER, null))).hasSize(1);
    }
}
