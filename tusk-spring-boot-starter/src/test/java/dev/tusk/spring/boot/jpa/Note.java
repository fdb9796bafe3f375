package dev.tusk.spring.boot.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code note}, written through JPA. */
@Entity
@Table(name = "note")
public class Note {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String text;

    /** For JPA. */
    protected Note() {
    }

    /** A new note saying {@code text}. */
    public Note(String text) {
        this.text = text;
    }

    /** The note's text. */
    public String text() {
        return text;
    }
}
