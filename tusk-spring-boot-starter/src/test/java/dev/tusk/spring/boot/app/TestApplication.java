package dev.tusk.spring.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application the starter's tests boot: the starter, Flyway, Actuator and a web server, and one service. */
@SpringBootApplication
public class TestApplication {
}
