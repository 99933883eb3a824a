package org.toolboxai.api.lms;

/**
 * Something a teacher should know about a push: a question type the LMS cannot hold, an import
 * warning of the LMS.
 *
 * @param severity {@code warning} or {@code error}
 * @param part     what it is about, e.g. {@code lesson-1/quiz/q4}
 * @param message  what happened, in words
 */
public record LmsIssue(String severity, String part, String message) {
}
