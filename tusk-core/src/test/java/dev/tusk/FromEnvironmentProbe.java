package dev.tusk;

/** Run in a child JVM whose environment the test sets: opens a client with {@link Tusk#fromEnvironment()}. */
public final class FromEnvironmentProbe {

    private FromEnvironmentProbe() {
    }

    /** Prints the database, user and application name the client ended up with. */
    public static void main(String[] args) {
        try (TuskClient client = Tusk.fromEnvironment()) {
            System.out.println("connected " + client.queryValue("SELECT current_database() || ' ' || current_user || ' ' || current_setting('application_name')",
                    String.class));
        } catch (RuntimeException e) {
            System.out.println("failed " + e.getMessage());
            System.exit(3);
        }
    }
}
