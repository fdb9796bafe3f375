package dev.tusk.examples.content;

import java.util.List;

/** One live user's live posts (all and published) and granted roles, in role-name order. */
public record AuthorStats(long userId, String email, long posts, long publishedPosts, List<String> roles) {
}
