package dev.tusk.testing.junit;

import dev.tusk.testing.ExternalPostgres;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.pgbouncer.BehindPgBouncer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link WithPostgres}: one server per test class (the PgBouncer classes of
 * {@link WithPostgres#throughPgBouncer()} may share one), a fresh database per test method that asks for a
 * {@link TestDatabase}.
 */
public final class PostgresExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    private static PostgresServer sharedServer;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == PostgresServer.class || type == TestDatabase.class
                || (type == ManagedPostgres.class && settings(context).managed());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        PostgresServer server = server(context);
        if (type == TestDatabase.class) {
            String prefix = context.getTestMethod().map(java.lang.reflect.Method::getName)
                    .orElse(context.getRequiredTestClass().getSimpleName());
            TestDatabase database = server.createDatabase(prefix);
            // JUnit closes AutoCloseable store values when the test ends, dropping the database.
            context.getStore(NAMESPACE).put(database.name(), database);
            return database;
        }
        if (type == ManagedPostgres.class) {
            PostgresServer behind = server instanceof BehindPgBouncer view ? view.server() : server;
            if (!(behind instanceof ManagedPostgres)) {
                throw new ParameterResolutionException("a ManagedPostgres parameter needs @WithPostgres(managed = true)");
            }
            return behind;
        }
        return server;
    }

    private static PostgresServer server(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        WithPostgres settings = settings(context);
        ServerResource resource = classContext.getStore(NAMESPACE).getOrComputeIfAbsent(ServerResource.class,
                key -> ServerResource.start(settings), ServerResource.class);
        return resource.clientView();
    }

    private static PostgresServer start(WithPostgres settings) {
        String external = System.getenv(ExternalPostgres.ENVIRONMENT_VARIABLE);
        boolean defaults = settings.settings().length == 0 && settings.version() == ManagedPostgres.DEFAULT_VERSION;
        if (external != null && !external.isBlank() && !settings.managed() && defaults) {
            return ExternalPostgres.fromUrl(external);
        }
        ManagedPostgres.Builder builder = ManagedPostgres.builder().version(settings.version());
        for (String setting : settings.settings()) {
            int equals = setting.indexOf('=');
            if (equals <= 0) {
                throw new ParameterResolutionException("@WithPostgres setting must be name=value, but was " + setting);
            }
            builder.setting(setting.substring(0, equals).strip(), setting.substring(equals + 1).strip());
        }
        return builder.start();
    }

    private static WithPostgres settings(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithPostgres.class)
                .orElseThrow(() -> new ParameterResolutionException(
                        context.getRequiredTestClass().getName() + " uses PostgresExtension without @WithPostgres"));
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /**
     * The class's server and, with {@code throughPgBouncer}, the PgBouncer in front of it (else null); {@code ownsServer}
     * says whether closing it stops the server, which a server shared by several classes outlives.
     */
    private record ServerResource(PostgresServer server, BehindPgBouncer bouncer, boolean ownsServer)
            implements AutoCloseable {

        static ServerResource start(WithPostgres settings) {
            if (!settings.throughPgBouncer()) {
                return new ServerResource(PostgresExtension.start(settings), null, true);
            }
            // The PgBouncer runs repeat whole test classes; with nothing of their own to set on the server they share
            // one per JVM (each class still has its own PgBouncer and a fresh database per test), which saves a
            // server start per class.
            boolean shared = !settings.managed() && settings.settings().length == 0
                    && settings.version() == ManagedPostgres.DEFAULT_VERSION;
            PostgresServer server = shared ? sharedServer(settings) : PostgresExtension.start(settings);
            try {
                return new ServerResource(server, BehindPgBouncer.start(server), !shared);
            } catch (RuntimeException e) {
                if (!shared) {
                    server.close();
                }
                throw e;
            }
        }

        /** What test parameters see: the server, or the server as seen through PgBouncer. */
        PostgresServer clientView() {
            return bouncer == null ? server : bouncer;
        }

        @Override
        public void close() {
            try {
                if (bouncer != null) {
                    bouncer.close();
                }
            } finally {
                if (ownsServer) {
                    server.close();
                }
            }
        }
    }

    /**
     * The server the PgBouncer classes of this JVM share, started by the first of them. Held here rather than in a
     * JUnit store because Surefire runs each class of a fork as a launch of its own; the harness stops the server at
     * JVM exit, as it does every server it starts.
     */
    private static synchronized PostgresServer sharedServer(WithPostgres settings) {
        if (sharedServer == null || !sharedServer.isRunning()) {
            sharedServer = start(settings);
        }
        return sharedServer;
    }
}
