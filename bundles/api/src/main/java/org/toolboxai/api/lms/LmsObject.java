package org.toolboxai.api.lms;

/**
 * Something a push made or found in an LMS.
 *
 * @param kind     what it is in the LMS's words, e.g. {@code module}, {@code page}, {@code quiz},
 *                 {@code file}, {@code assignment}, {@code migration}
 * @param key      what of the content it holds, e.g. {@code lesson-2/quiz}
 * @param remoteId the LMS's id
 * @param title    its title
 * @param url      where people open it, or {@code null}
 * @param action   {@code created}, {@code updated}, {@code unchanged} or {@code found} (read back)
 */
public record LmsObject(String kind, String key, String remoteId, String title, String url, String action) {
}
