package org.toolboxai.api.http;

/**
 * One invalid field of a request, listed in a 400 problem's {@code errors}.
 *
 * @param field   JSON path of the field, e.g. {@code quiz.question_count}
 * @param message what is wrong and what is allowed
 */
public record FieldError(String field, String message) {
}
