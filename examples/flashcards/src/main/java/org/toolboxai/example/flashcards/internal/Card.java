package org.toolboxai.example.flashcards.internal;

/**
 * One flashcard.
 *
 * @param front the term
 * @param back  its definition
 */
public record Card(String front, String back) {
}
