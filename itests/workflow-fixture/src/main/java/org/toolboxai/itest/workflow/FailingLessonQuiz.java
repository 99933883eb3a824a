package org.toolboxai.itest.workflow;

import java.util.Comparator;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * Step type {@code agent.quiz}, ranked above the real one while this bundle is installed: in a
 * course whose subject is {@value #SUBJECT}, the quiz of lesson 2 fails for good (as a model
 * provider refusing it would); in a course whose subject is {@value #SLOW}, lesson n's quiz takes
 * n seconds (as a slow model would), so that the course's lessons finish one by one; every quiz is
 * made by the real handler.
 */
@Component(service = StepHandler.class, property = Constants.SERVICE_RANKING + ":Integer=1000")
public class FailingLessonQuiz implements StepHandler {

    public static final String SUBJECT = "Failing lesson two";
    public static final String SLOW = "Slow course";

    private final BundleContext context;

    @Activate
    public FailingLessonQuiz(BundleContext context) {
        this.context = context;
    }

    @Override
    public String type() {
        return "agent.quiz";
    }

    @Override
    public StepResult execute(StepContext step) throws Exception {
        Object instance = step.config().get("instance");
        if (SUBJECT.equals(step.parameters().get("subject")) && instance instanceof Number n && n.intValue() == 2) {
            throw FailureException.permanent("the quiz of lesson 2 was refused (itest fixture)");
        }
        if (SLOW.equals(step.parameters().get("subject")) && instance instanceof Number n) {
            long until = System.nanoTime() + n.longValue() * 1_000_000_000L;
            while (System.nanoTime() < until && !step.cancelled()) {
                Thread.sleep(50);
            }
        }
        return real().orElseThrow(() -> FailureException.temporary("no other agent.quiz handler")).execute(step);
    }

    /** The best other handler of this type. */
    private Optional<StepHandler> real() throws InvalidSyntaxException {
        return context.getServiceReferences(StepHandler.class, null).stream()
                .filter(r -> r.getBundle() != context.getBundle())
                .sorted(Comparator.comparing((ServiceReference<StepHandler> r) -> r).reversed())
                .map(context::getService)
                .filter(h -> h != null && h.type().equals(type()))
                .findFirst();
    }
}
