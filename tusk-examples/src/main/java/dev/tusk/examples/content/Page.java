package dev.tusk.examples.content;

import java.util.List;

/** One page of a result: its items, its number (from 0), its size, and whether another page follows. */
public record Page<T>(List<T> items, int number, int size, boolean hasNext) {
}
