package dev.tusk.examples.content;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** A user to create together with their posts and the names of the roles to grant them, all or nothing. */
public record NewUser(String email, String name, List<NewPost> posts, List<String> roles) {

    // The same shape the users_email_shape constraint checks, so a bad address fails before anything is sent.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    /** Checks every field at once, naming the field and the value. */
    public NewUser {
        if (email == null || !EMAIL.matcher(email).matches() || email.length() > 254) {
            throw new IllegalArgumentException("email must look like name@domain (at most 254 characters), but was "
                    + (email == null ? "null" : "'" + email + "'"));
        }
        if (name != null && name.codePointCount(0, name.length()) > 100) {
            throw new IllegalArgumentException("name of " + email + " must be at most 100 characters, but was "
                    + name.codePointCount(0, name.length()));
        }
        if (posts == null || posts.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("posts of " + email + " must be a list without nulls, but was " + posts);
        }
        if (roles == null || roles.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("roles of " + email + " must be a list without nulls, but was " + roles);
        }
        for (String role : roles) {
            Roles.checkName(role);
        }
        posts = List.copyOf(posts);
        roles = List.copyOf(roles);
    }

    /** A user with no posts and no roles yet. */
    public static NewUser of(String email, String name) {
        return new NewUser(email, name, List.of(), List.of());
    }

    /** This user with {@code posts} added. */
    public NewUser withPosts(NewPost... posts) {
        return new NewUser(email, name, concat(this.posts, Arrays.asList(posts)), roles);
    }

    /** This user with the roles named {@code roles} to be granted. */
    public NewUser withRoles(String... roles) {
        return new NewUser(email, name, posts, concat(this.roles, Arrays.asList(roles)));
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
