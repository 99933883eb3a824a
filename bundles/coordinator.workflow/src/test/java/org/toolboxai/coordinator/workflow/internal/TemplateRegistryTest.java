package org.toolboxai.coordinator.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.toolboxai.coordinator.workflow.internal.TemplateFixtures.q;
import static org.toolboxai.coordinator.workflow.internal.TemplateFixtures.shipped;
import static org.toolboxai.coordinator.workflow.internal.TemplateFixtures.source;
import static org.toolboxai.coordinator.workflow.internal.TemplateFixtures.template;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateRegistryTest {

    private static final String ONE_STEP = "[{'id': 'a', 'type': 't'}]";

    private static String handler(String name, String description) {
        return q("{'name': '" + name + "', 'description': '" + description + "', 'steps': " + ONE_STEP + "}");
    }

    private static String subflowTo(String name, String target) {
        return template(name, "{}", "[{'id': 'first', 'type': 't'}, {'id': 'sub', 'subflow': '" + target
                + "', 'depends_on': ['first']}]");
    }

    @Test
    void theShippedTemplatesAllLoad() {
        TemplateRegistry registry = TemplateFixtures.shippedRegistry();

        assertThat(registry.problems()).isEmpty();
        assertThat(registry.all()).extracting(Template::name)
                .containsExactly("adaptive_assessment", "complete_course", "educational_content");
        assertThat(registry.get("complete_course").steps()).hasSize(5);
        assertThat(registry.get("no_such_template")).isNull();
    }

    @Test
    void everyShippedTemplateTakesGradesFromKindergartenToUniversityAsContentDoes() {
        // /api/v1/content turns "K".."12" and "university" into 0..13 and starts these templates with it
        for (Template template : TemplateFixtures.shippedRegistry().all()) {
            Template.ParamSpec grade = template.parameters().get("grade_level");
            assertThat(grade.min()).as(template.name()).isEqualTo(0.0);
            assertThat(grade.max()).as(template.name()).isEqualTo(13.0);
        }
    }

    @Test
    void aLaterSourceOverridesAnEarlierTemplateOfTheSameName() {
        TemplateRegistry registry = new TemplateRegistry(List.of(
                source("bundle:/templates/lesson.json", handler("lesson", "built-in")),
                source("other.json", handler("other", "kept")),
                source("/etc/workflows/lesson.json", handler("lesson", "admin"))));

        assertThat(registry.problems()).isEmpty();
        assertThat(registry.all()).extracting(Template::name).containsExactly("lesson", "other");
        assertThat(registry.get("lesson").description()).isEqualTo("admin");
        assertThat(registry.get("lesson").source()).isEqualTo("/etc/workflows/lesson.json");
        assertThat(registry.get("other").description()).isEqualTo("kept");
    }

    @Test
    void layersOverrideInOrderAndABundlesTemplatesGoWithIt() {
        TemplateRegistry registry = new TemplateRegistry(List.of(source("builtin.json", handler("lesson", "built-in"))));

        registry.replace(TemplateRegistry.Layer.BUNDLE, "000000000042", List.of(
                source("bundle lms:/workflows/lesson.json", handler("lesson", "from a bundle")),
                source("bundle lms:/workflows/push.json", handler("lms_push", "pushes"))));
        assertThat(registry.get("lesson").description()).isEqualTo("from a bundle");
        assertThat(registry.get("lms_push")).isNotNull();

        registry.replace(TemplateRegistry.Layer.FOLDER, "", List.of(source("/etc/lesson.json", handler("lesson", "admin"))));
        assertThat(registry.get("lesson").description()).isEqualTo("admin");

        registry.replace(TemplateRegistry.Layer.FOLDER, "", List.of());
        registry.replace(TemplateRegistry.Layer.BUNDLE, "000000000042", List.of());
        assertThat(registry.get("lesson").description()).isEqualTo("built-in");
        assertThat(registry.get("lms_push")).isNull();
        assertThat(registry.all()).extracting(Template::name).containsExactly("lesson");
    }

    @Test
    void aSubflowIntoAGoneBundlesTemplateIsRejectedUntilItComesBack() {
        TemplateRegistry registry = new TemplateRegistry(List.of(source("course.json", subflowTo("course", "lesson"))));
        assertThat(registry.get("course")).isNull();
        assertThat(registry.problems()).singleElement().asString().contains("unknown template 'lesson'");

        registry.replace(TemplateRegistry.Layer.BUNDLE, "1", List.of(source("lesson.json", handler("lesson", "x"))));

        assertThat(registry.get("course")).isNotNull();
        assertThat(registry.problems()).isEmpty();
    }

    @Test
    void theFolderIsReadAgainWhenAFileIsAddedChangedOrRemoved(@TempDir Path dir) throws Exception {
        TemplateRegistry registry = new TemplateRegistry(List.of(source("builtin.json", handler("lesson", "built-in"))));
        try (TemplateSources sources = new TemplateSources(registry, null, dir, 0)) {
            Path file = dir.resolve("lesson.json");
            Files.writeString(file, handler("lesson", "admin v1"), StandardCharsets.UTF_8);
            sources.reloadFolder();
            assertThat(registry.get("lesson").description()).isEqualTo("admin v1");

            // a longer text: the size changes even where the file system keeps coarse times
            Files.writeString(file, handler("lesson", "admin version 2"), StandardCharsets.UTF_8);
            sources.reloadFolder();
            assertThat(registry.get("lesson").description()).isEqualTo("admin version 2");

            Files.writeString(dir.resolve("extra.json"), handler("extra", "new"), StandardCharsets.UTF_8);
            sources.reloadFolder();
            assertThat(registry.get("extra")).isNotNull();

            Files.delete(file);
            Files.delete(dir.resolve("extra.json"));
            sources.reloadFolder();
            assertThat(registry.get("lesson").description()).isEqualTo("built-in");
            assertThat(registry.get("extra")).isNull();
        }
    }

    @Test
    void anInvalidOverrideLeavesTheEarlierTemplateInPlace() {
        TemplateRegistry registry = new TemplateRegistry(List.of(
                source("builtin.json", handler("lesson", "built-in")),
                source("broken.json", q("{'name': 'lesson', 'steps': []}"))));

        assertThat(registry.get("lesson").description()).isEqualTo("built-in");
        assertThat(registry.problems()).singleElement().asString().startsWith("broken.json");
    }

    @Test
    void anInvalidTemplateIsRejectedWithItsProblemKeptWhileTheOthersLoad() {
        TemplateRegistry registry = new TemplateRegistry(List.of(
                source("good1.json", handler("good_one", "ok")),
                source("bad.json", q("{'name': 'bad', 'steps': [{'id': 'a', 'type': 't', 'depends_on': ['nope']}]}")),
                source("garbage.json", "not json at all"),
                source("good2.json", handler("good_two", "ok"))));

        assertThat(registry.all()).extracting(Template::name).containsExactly("good_one", "good_two");
        assertThat(registry.get("bad")).isNull();
        assertThat(registry.problems()).hasSize(2);
        assertThat(registry.problems().get(0)).startsWith("bad.json (template bad), step 'a'")
                .contains("unknown step 'nope'");
        assertThat(registry.problems().get(1)).startsWith("garbage.json").contains("not valid JSON");
    }

    @Test
    void aSubflowNamingAnUnknownTemplateIsRejected() {
        TemplateRegistry registry = new TemplateRegistry(List.of(
                source("course.json", subflowTo("course", "missing_lesson")),
                source("fine.json", handler("fine", "ok"))));

        assertThat(registry.get("course")).isNull();
        assertThat(registry.all()).extracting(Template::name).containsExactly("fine");
        assertThat(registry.problems()).singleElement().asString()
                .startsWith("course.json (template course), step 'sub'")
                .contains("field 'subflow' names unknown template 'missing_lesson'");
    }

    @Test
    void aSubflowToARejectedTemplateIsRejectedToo() {
        TemplateRegistry registry = new TemplateRegistry(List.of(
                source("lesson.json", q("{'name': 'lesson', 'bogus': 1, 'steps': " + ONE_STEP + "}")),
                source("course.json", subflowTo("course", "lesson"))));

        assertThat(registry.all()).isEmpty();
        assertThat(registry.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("lesson.json").contains("unknown field 'bogus'"))
                .anySatisfy(p -> assertThat(p).startsWith("course.json").contains("unknown template 'lesson'"));
    }

    @Test
    void aSubflowToALaterSourceIsAccepted() {
        TemplateRegistry registry = new TemplateRegistry(List.of(
                source("course.json", subflowTo("course", "lesson")),
                source("lesson.json", handler("lesson", "ok"))));

        assertThat(registry.problems()).isEmpty();
        assertThat(registry.all()).extracting(Template::name).containsExactly("course", "lesson");
    }

    @Test
    void mutuallyRecursiveSubflowsAreRejected() {
        TemplateRegistry registry = new TemplateRegistry(List.of(
                source("a.json", subflowTo("flow_a", "flow_b")),
                source("b.json", subflowTo("flow_b", "flow_a")),
                source("c.json", handler("flow_c", "ok"))));

        assertThat(registry.get("flow_a")).isNull();
        assertThat(registry.get("flow_b")).isNull();
        assertThat(registry.all()).extracting(Template::name).containsExactly("flow_c");
        assertThat(registry.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("recurse"));
    }

    @Test
    void aSelfRecursiveSubflowIsRejected() {
        TemplateRegistry registry = new TemplateRegistry(List.of(source("self.json", subflowTo("self_ref", "self_ref"))));

        assertThat(registry.all()).isEmpty();
        assertThat(registry.problems()).singleElement().asString()
                .startsWith("self.json (template self_ref), step 'sub'").contains("sub-flows recurse through");
    }

    @Test
    void aTemplateUsingTheSameSubflowTwiceIsNotMistakenForRecursion() {
        TemplateRegistry registry = new TemplateRegistry(List.of(
                source("leaf.json", handler("leaf", "ok")),
                source("twice.json", template("twice", "{}",
                        "[{'id': 'x', 'subflow': 'leaf'}, {'id': 'y', 'subflow': 'leaf', 'depends_on': ['x']}]"))));

        assertThat(registry.problems()).isEmpty();
        assertThat(registry.get("twice")).isNotNull();
    }

    @Test
    void folderReadsOnlyJsonFilesSortedByName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b_second.json"), handler("second", "b"));
        Files.writeString(dir.resolve("a_first.json"), handler("first", "a"));
        Files.writeString(dir.resolve("c_third.json"), handler("third", "c"));
        Files.writeString(dir.resolve("notes.txt"), "not a template");
        Files.writeString(dir.resolve("backup.json.bak"), handler("backup", "x"));
        Files.writeString(dir.resolve("README"), "hello");

        List<TemplateRegistry.Source> sources = TemplateRegistry.folder(dir);

        assertThat(sources).extracting(TemplateRegistry.Source::name).containsExactly(
                dir.resolve("a_first.json").toString(), dir.resolve("b_second.json").toString(),
                dir.resolve("c_third.json").toString());
        assertThat(new String(sources.get(0).json(), StandardCharsets.UTF_8)).isEqualTo(handler("first", "a"));
    }

    @Test
    void folderFilesOverrideEarlierSourcesInNameOrder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("2.json"), handler("lesson", "from 2"));
        Files.writeString(dir.resolve("1.json"), handler("lesson", "from 1"));

        TemplateRegistry registry = new TemplateRegistry(TemplateRegistry.folder(dir));

        assertThat(registry.get("lesson").description()).isEqualTo("from 2");
    }

    @Test
    void folderSkipsAnUnreadableEntryButKeepsReadingTheRest(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.json"), handler("first", "a"));
        Files.createDirectory(dir.resolve("b.json"));
        Files.writeString(dir.resolve("c.json"), handler("third", "c"));

        List<TemplateRegistry.Source> sources = TemplateRegistry.folder(dir);
        assertThat(sources).extracting(TemplateRegistry.Source::name).containsExactly(dir.resolve("a.json").toString(),
                dir.resolve("b.json").toString(), dir.resolve("c.json").toString());
        // the unreadable one is reported as a rejected template, the others load
        TemplateRegistry registry = new TemplateRegistry(sources);
        assertThat(registry.get("first")).isNotNull();
        assertThat(registry.get("third")).isNotNull();
        assertThat(registry.problems()).singleElement().asString().contains("b.json");
    }

    @Test
    void folderReturnsEmptyForAMissingFolder(@TempDir Path dir) {
        assertThat(TemplateRegistry.folder(dir.resolve("does_not_exist"))).isEmpty();
        assertThat(TemplateRegistry.folder(null)).isEmpty();
    }

    @Test
    void folderReturnsEmptyForAnEmptyFolderOrAFile(@TempDir Path dir) throws Exception {
        assertThat(TemplateRegistry.folder(dir)).isEmpty();
        Path file = Files.writeString(dir.resolve("x.json"), "{}");
        assertThat(TemplateRegistry.folder(file)).isEmpty();
    }

    @Test
    void shippedTemplatesCanBeOverriddenFromAFolder(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("educational_content.json"), shipped("educational_content"));
        Files.writeString(dir.resolve("zz.json"), handler("educational_content", "admin lesson"));

        List<TemplateRegistry.Source> sources = new java.util.ArrayList<>();
        for (String name : TemplateFixtures.SHIPPED) {
            sources.add(new TemplateRegistry.Source("bundle:" + name, shipped(name)));
        }
        sources.addAll(TemplateRegistry.folder(dir));
        TemplateRegistry registry = new TemplateRegistry(sources);

        // complete_course still validates against the overriding educational_content
        assertThat(registry.problems()).isEmpty();
        assertThat(registry.get("educational_content").description()).isEqualTo("admin lesson");
        assertThat(registry.get("complete_course")).isNotNull();
    }
}
