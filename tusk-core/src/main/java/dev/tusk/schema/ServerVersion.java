package dev.tusk.schema;

/**
 * The version of the server a client talks to.
 *
 * @param major   the major version, such as 17
 * @param number  {@code server_version_num}, such as 170002
 * @param display {@code server_version} as the server reports it, such as {@code 17.2}
 */
public record ServerVersion(int major, int number, String display) {

    /** Whether the server is at least {@code major}. */
    public boolean atLeast(int major) {
        return this.major >= major;
    }
}
