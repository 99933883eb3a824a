package org.toolboxai.agents.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.toolboxai.api.content.ContentChecker;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.LessonRequest;
import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.content.ScriptChecker;
import org.toolboxai.api.dictionary.Dictionary;

/** The package checks as a service, for packages the agents did not make (edits, other tools). */
@Component(service = ContentChecker.class)
public class ContentCheckService implements ContentChecker {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ScriptChecker scripts;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Dictionary dictionary;

    @Override
    public QualityReport check(ContentPackage contentPackage, LessonRequest request) {
        if (contentPackage == null) {
            throw new IllegalArgumentException("no package");
        }
        // without a lesson plan the checks stop at that finding and need no brief
        ContentBrief brief = request != null ? ContentBrief.of(request)
                : contentPackage.lessonPlan() != null ? ContentBrief.describedBy(contentPackage) : null;
        return PackageChecks.check(contentPackage, brief, scripts, dictionary);
    }
}
