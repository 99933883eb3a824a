package org.toolboxai.agents.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.Difficulty;
import org.toolboxai.api.content.EnvironmentType;
import org.toolboxai.api.content.LessonRequest;
import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.content.QuestionType;

/**
 * The corpus in {@code src/test/resources/corpus}: a good package passes, and each deliberately
 * defective one (listed in {@code defects.json} with the check that must catch it) fails with a
 * finding of that check on that part. The same files go through {@code POST /api/v1/content/check}
 * in ContentIT.
 */
class PackageChecksTest {

    private final ContentCheckService checks = new ContentCheckService();

    static ContentPackage corpus(String file) throws IOException {
        try (InputStream in = PackageChecksTest.class.getResourceAsStream("/corpus/" + file)) {
            return Json.MAPPER.readValue(in, ContentPackage.class);
        }
    }

    static List<Map<String, String>> defects() throws IOException {
        try (InputStream in = PackageChecksTest.class.getResourceAsStream("/corpus/defects.json")) {
            return Json.MAPPER.readValue(in, new TypeReference<>() { });
        }
    }

    private static List<QualityReport.Finding> errors(QualityReport report) {
        return report.findings().stream().filter(QualityReport.Finding::fails).toList();
    }

    @Test
    void theGoodPackagePassesWithNoError() throws IOException {
        QualityReport report = checks.check(corpus("good-package.json"), null);

        assertThat(errors(report)).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(report.readingGrade()).isPositive();
    }

    @Test
    void everyDefectFailsThePackageWithAFindingOfItsCheckOnItsPart() throws IOException {
        List<Map<String, String>> defects = defects();
        assertThat(defects).hasSizeGreaterThanOrEqualTo(20);
        for (Map<String, String> defect : defects) {
            if (defect.get("check").equals("luau_syntax")) {
                continue; // needs the roblox bundle's parser: ContentIT sends it through the running checks
            }
            QualityReport report = checks.check(corpus(defect.get("file")), null);
            assertThat(report.passed()).as(defect.get("file")).isFalse();
            assertThat(errors(report)).as(defect.get("file") + ": " + report.findings())
                    .anySatisfy(f -> {
                        assertThat(f.check()).isEqualTo(defect.get("check"));
                        assertThat(f.part()).isEqualTo(defect.get("part"));
                    });
        }
    }

    @Test
    void withTheRequestTheQuestionCountAndTheDurationAreCheckedToo() throws IOException {
        LessonRequest request = new LessonRequest("Mathematics", 7, List.of("Add and subtract fractions", "Convert fractions"),
                EnvironmentType.INTERACTIVE_CLASSROOM, 60, true,
                new LessonRequest.QuizOptions(6, List.of(QuestionType.values()), Difficulty.MEDIUM), Difficulty.MEDIUM, null,
                List.of());

        QualityReport report = checks.check(corpus("good-package.json"), request);

        assertThat(errors(report)).extracting(QualityReport.Finding::check).contains("timing", "completeness");
        assertThat(errors(report)).extracting(QualityReport.Finding::message)
                .anySatisfy(m -> assertThat(m).contains("the lesson has 60"))
                .anySatisfy(m -> assertThat(m).contains("6 were asked for"));
    }

    @Test
    void aLessonInAnotherLanguageThanTheObjectivesFails() throws IOException {
        for (List<String> objectives : List.of(List.of("Additionner et soustraire les fractions", "Convertir les fractions en décimaux"),
                List.of("分数のたし算とひき算", "分数を小数になおす"))) {
            LessonRequest request = new LessonRequest("Mathematics", 7, objectives, EnvironmentType.INTERACTIVE_CLASSROOM, 45, true,
                    new LessonRequest.QuizOptions(4, List.of(QuestionType.values()), Difficulty.MEDIUM), Difficulty.MEDIUM, null,
                    List.of());
            QualityReport report = checks.check(corpus("good-package.json"), request);
            assertThat(errors(report)).as(objectives.toString()).anySatisfy(f -> {
                assertThat(f.check()).isEqualTo("language");
                assertThat(f.message()).contains("written in English");
            });
        }
        assertThat(Languages.guess("Fractions")).isEqualTo(Languages.UNKNOWN);
        assertThat(Languages.guess("Add and subtract fractions with unlike denominators")).isEqualTo("English");
    }
}
