package org.toolboxai.agents.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.QuestionType;
import org.toolboxai.api.content.Quiz;

/** The answer schemas are the API records' JSON, in the form strict structured output accepts. */
class AnswerSchemasTest {

    static final Map<String, Type> PARTS = Map.of("lesson_plan", LessonPlan.class, "environment", EnvironmentPlan.class,
            "quiz", Quiz.class, "scripts", new TypeReference<List<LuauScript>>() { }.getType());

    @Test
    void everyObjectRequiresAllItsPropertiesAndNoOthers() throws Exception {
        for (Map.Entry<String, Type> part : PARTS.entrySet()) {
            JsonNode schema = Json.MAPPER.readTree(AnswerSchemas.of(part.getKey(), part.getValue()).schema());
            List<JsonNode> objects = new ArrayList<>();
            collectObjects(schema, objects);
            assertThat(objects).as(part.getKey()).isNotEmpty();
            for (JsonNode object : objects) {
                List<String> names = new ArrayList<>();
                object.path("properties").fieldNames().forEachRemaining(names::add);
                assertThat(object.path("required")).extracting(JsonNode::asText).as(part.getKey())
                        .containsExactlyElementsOf(names);
                assertThat(object.path("additionalProperties").isBoolean()).isTrue();
                assertThat(object.path("additionalProperties").asBoolean()).isFalse();
            }
        }
    }

    @Test
    void theSchemaNamesExactlyThePropertiesTheGoodPackageHas() throws Exception {
        JsonNode good = ModelPathRetriesTest.corpus("good-package.json");
        for (Map.Entry<String, Type> part : PARTS.entrySet()) {
            JsonNode schema = Json.MAPPER.readTree(AnswerSchemas.of(part.getKey(), part.getValue()).schema());
            assertSameShape(part.getKey(), schema, good.get(part.getKey()));
        }
    }

    @Test
    void numbersAreTypedAndEnumsAreTheirWireNames() throws Exception {
        JsonNode plan = Json.MAPPER.valueToTree(AnswerSchemas.schema(LessonPlan.class));
        assertThat(plan.at("/properties/activities/items/properties/minutes/type").asText()).isEqualTo("integer");
        JsonNode environment = Json.MAPPER.valueToTree(AnswerSchemas.schema(EnvironmentPlan.class));
        assertThat(environment.at("/properties/terrain/properties/x/type").asText()).isEqualTo("number");
        JsonNode request = Json.MAPPER.valueToTree(AnswerSchemas.schema(org.toolboxai.api.content.LessonRequest.class));
        // a boxed number is the API's optional field: nullable, still required (strict mode)
        assertThat(request.at("/properties/grade_level/type")).extracting(JsonNode::asText).containsExactly("integer", "null");
        assertThat(request.at("/properties/environment_type/enum")).extracting(JsonNode::asText)
                .contains("interactive_classroom");
    }

    @Test
    void theQuizSchemaAllowsOnlyTheRequestedQuestionTypes() throws Exception {
        ContentBrief brief = ContentBrief.of(Map.of("subject", "Mathematics", "grade_level", 7, "learning_objectives",
                List.of("Ratios"), "quiz", Map.of("question_count", 3, "question_types", List.of("multiple_choice", "fill_blank"))));
        JsonNode schema = Json.MAPPER.valueToTree(new QuizAgent(AgentStepTest.providers(
                new AgentStepTest.ScriptedProvider(List.of("{}")), 1)).schema(brief));
        assertThat(schema.at("/properties/questions/items/properties/type/enum")).extracting(JsonNode::asText)
                .containsExactly(QuestionType.MULTIPLE_CHOICE.toString(), QuestionType.FILL_BLANK.toString());
    }

    @Test
    void aTypeWithoutAJsonShapeIsRefused() {
        assertThatThrownBy(() -> AnswerSchemas.schema(Object.class)).hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> AnswerSchemas.at(AnswerSchemas.schema(Quiz.class), "questions", "colour"))
                .hasMessageContaining("questions.colour");
    }

    private static void collectObjects(JsonNode schema, List<JsonNode> into) {
        if ("object".equals(schema.path("type").asText())) {
            into.add(schema);
            schema.path("properties").forEach(p -> collectObjects(p, into));
        } else if ("array".equals(schema.path("type").asText())) {
            collectObjects(schema.path("items"), into);
        }
    }

    /** Every object of the value has exactly the schema's properties, recursively. */
    private static void assertSameShape(String where, JsonNode schema, JsonNode value) {
        String type = schema.path("type").asText();
        if (type.equals("object")) {
            List<String> expected = new ArrayList<>();
            schema.path("properties").fieldNames().forEachRemaining(expected::add);
            List<String> actual = new ArrayList<>();
            value.fieldNames().forEachRemaining(actual::add);
            assertThat(actual).as(where).containsExactlyInAnyOrderElementsOf(expected);
            for (String name : expected) {
                assertSameShape(where + "." + name, schema.path("properties").path(name), value.get(name));
            }
        } else if (type.equals("array")) {
            for (Iterator<JsonNode> items = value.elements(); items.hasNext();) {
                assertSameShape(where + "[]", schema.path("items"), items.next());
            }
        }
    }
}
