package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.toolboxai.coordinator.sync.internal.Json.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class JsonMergePatchTest {

    /** RFC 7386 Appendix A, every example, in order. */
    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {'a':'b'}                 | {'a':'c'}                    | {'a':'c'}
            {'a':'b'}                 | {'b':'c'}                    | {'a':'b','b':'c'}
            {'a':'b'}                 | {'a':null}                   | {}
            {'a':'b','b':'c'}         | {'a':null}                   | {'b':'c'}
            {'a':['b']}               | {'a':'c'}                    | {'a':'c'}
            {'a':'c'}                 | {'a':['b']}                  | {'a':['b']}
            {'a':{'b':'c'}}           | {'a':{'b':'d','c':null}}     | {'a':{'b':'d'}}
            {'a':[{'b':'c'}]}         | {'a':[1]}                    | {'a':[1]}
            ['a','b']                 | ['c','d']                    | ['c','d']
            {'a':'b'}                 | ['c']                        | ['c']
            {'a':'foo'}               | null                         | null
            {'a':'foo'}               | 'bar'                        | 'bar'
            {'e':null}                | {'a':1}                      | {'e':null,'a':1}
            [1,2]                     | {'a':'b','c':null}           | {'a':'b'}
            {}                        | {'a':{'bb':{'ccc':null}}}    | {'a':{'bb':{}}}
            """)
    void appliesEveryExampleOfRfc7386AppendixA(String target, String patch, String result) {
        assertThat(JsonMerge.mergePatch(json(target), json(patch))).isEqualTo(json(result));
    }

    @Test
    void appliesTheExampleOfRfc7386Section3() {
        JsonNode target = json("""
                {'title':'Goodbye!','author':{'givenName':'John','familyName':'Doe'},
                 'tags':['example','sample'],'content':'This will be unchanged'}""");
        JsonNode patch = json("""
                {'title':'Hello!','phoneNumber':'+01-123-456-7890','author':{'familyName':null},'tags':['example']}""");

        assertThat(JsonMerge.mergePatch(target, patch)).isEqualTo(json("""
                {'title':'Hello!','author':{'givenName':'John'},'tags':['example'],
                 'content':'This will be unchanged','phoneNumber':'+01-123-456-7890'}"""));
    }

    @Test
    void leavesTargetAndPatchUntouchedAndSharesNoNodesWithThem() {
        JsonNode target = json("{'a':{'b':1},'keep':{'x':[1]}}");
        JsonNode patch = json("{'a':{'b':null,'c':{'d':2}},'n':[3]}");
        JsonNode targetBefore = target.deepCopy();
        JsonNode patchBefore = patch.deepCopy();

        JsonNode result = JsonMerge.mergePatch(target, patch);
        ((ObjectNode) result.get("keep")).put("changed", true);
        ((ObjectNode) result.get("a").get("c")).put("changed", true);

        assertThat(target).isEqualTo(targetBefore);
        assertThat(patch).isEqualTo(patchBefore);
    }
}
