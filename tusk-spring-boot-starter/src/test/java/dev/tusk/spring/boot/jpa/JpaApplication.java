package dev.tusk.spring.boot.jpa;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application that writes through JPA (Hibernate) with the starter: one entity, its repository, one service. */
@SpringBootApplication
public class JpaApplication {
}
