package org.toolboxai.itest;

import org.junit.Ignore;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The workflow tests that touch the store again (runs, their steps and the fixture's executions are
 * rows of it), with the distribution's store on the test JVM's throw-away PostgreSQL 17. The two
 * on templates alone are left to {@link WorkflowIT}: templates are files, so the database changes
 * nothing for them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WorkflowOnPostgresIT extends WorkflowIT {

    @Override
    @Configuration
    public Option[] config() {
        return PostgresDatabase.storeOnPostgres(super.config());
    }

    @Test
    public void theStoreRunsOnPostgreSQL() throws Exception {
        assertStoreRunsOn(PostgresDatabase.PRODUCT);
    }

    @Override
    @Test
    @Ignore("a course is a lesson's steps six times over: WorkflowIT covers it on H2, this class covers the store")
    public void aCourseOfSixLessonsIsMadeOfflineWithEveryObjectiveTaughtOnceInOrder() {
    }

    @Override
    @Test
    @Ignore("the branch's reopening is tested on PostgreSQL by BranchOnPostgresTest; WorkflowIT covers the REST path on H2")
    public void aLessonThatFailsFailsOnlyItsBranchAndIsMadeAgainAlone() {
    }

    @Override
    @Test
    @Ignore("templates are files, not rows: WorkflowIT covers it")
    public void aTemplateFileAddedChangedOrRemovedTakesEffectWithoutARestart() {
    }

    @Override
    @Test
    @Ignore("templates are files, not rows, and a bad request stores nothing: WorkflowIT covers it")
    public void templatesAreListedAndBadRequestsAreProblems() {
    }
}
