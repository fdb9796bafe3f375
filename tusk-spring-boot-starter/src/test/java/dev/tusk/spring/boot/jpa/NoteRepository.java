package dev.tusk.spring.boot.jpa;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data JPA's repository of notes. */
public interface NoteRepository extends JpaRepository<Note, Long> {
}
