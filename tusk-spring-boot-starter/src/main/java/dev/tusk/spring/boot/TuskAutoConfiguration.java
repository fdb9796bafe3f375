package dev.tusk.spring.boot;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.CredentialsProvider;
import dev.tusk.config.TuskConfig;
import dev.tusk.pool.PoolHooks;
import dev.tusk.trace.TuskTracer;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManagerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionManager;
import org.springframework.util.ClassUtils;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes Tusk the application's pool and client: a {@link TuskClient} from the {@code tusk.*} and
 * {@code spring.datasource.*} properties and the environment, the application's {@link DataSource} on its pool (so
 * Spring JDBC, {@code JdbcClient}, JPA, Flyway, Liquibase and {@code @Transactional} use it), a transaction manager
 * (JPA's when the application uses JPA) that agrees with
 * {@code client.inTransaction}, a health indicator and Micrometer meters. Runs before Boot's own DataSource
 * auto-configuration, which then backs off; every bean gives way to one the application defines.
 */
@AutoConfiguration(before = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class},
        beforeName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnClass(TuskClient.class)
@EnableConfigurationProperties(TuskProperties.class)
public class TuskAutoConfiguration {

    /** Whether JPA and Spring's JPA transactions are on the class path, so the transaction manager may be JPA's. */
    private static final boolean JPA_PRESENT =
            ClassUtils.isPresent("jakarta.persistence.EntityManagerFactory", TuskAutoConfiguration.class.getClassLoader())
                    && ClassUtils.isPresent("org.springframework.orm.jpa.JpaTransactionManager",
                    TuskAutoConfiguration.class.getClassLoader());

    /** The client, closed with the context: it then waits {@code shutdownGracePeriod} for work in flight. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public TuskClient tuskClient(TuskProperties properties, Environment environment,
                                 ObjectProvider<CredentialsProvider> credentials, ObjectProvider<PoolHooks> hooks,
                                 ObjectProvider<TuskTracer> tracers, ObjectProvider<TuskMeters> meters) {
        TuskConfig config = SpringTuskConfig.load(properties, environment, credentials.getIfUnique());
        List<TuskTracer> all = new ArrayList<>();
        TuskMeters metrics = meters.getIfAvailable();
        if (metrics != null) {
            all.add(metrics.tracer(config));
        }
        tracers.orderedStream().forEach(all::add);
        TuskClient client = Tusk.connect(config, hooks.getIfAvailable(() -> PoolHooks.NONE),
                TuskTracer.of(all.toArray(TuskTracer[]::new)), new SpringAmbientTransaction());
        if (metrics != null) {
            metrics.bind(client);
        }
        return client;
    }

    /** The application's DataSource: Tusk's pool, and Tusk's transaction connection inside {@code inTransaction}. */
    @Bean
    @ConditionalOnMissingBean(DataSource.class)
    public TuskDataSource dataSource(TuskClient client) {
        return new TuskDataSource(client);
    }

    /**
     * Spring's transactions on Tusk's pool, refusing to begin one inside {@code client.inTransaction}: JPA's
     * ({@link TuskJpaTransactionManager}) when the application has an {@code EntityManagerFactory}, as JPA's writes need
     * one, else JDBC's ({@link TuskTransactionManager}). Chosen when the bean is made, after every auto-configuration
     * has declared its beans, because JPA's factory is declared after this configuration runs.
     */
    @Bean
    @ConditionalOnMissingBean(TransactionManager.class)
    public PlatformTransactionManager transactionManager(TuskClient client, ListableBeanFactory beans) {
        if (JPA_PRESENT) {
            PlatformTransactionManager jpa = JpaTransactions.forFactoryIn(beans, client);
            if (jpa != null) {
                return jpa;
            }
        }
        return new TuskTransactionManager(client);
    }

    /** Kept apart so that JPA's classes are loaded only when they are on the class path. */
    private static final class JpaTransactions {

        static PlatformTransactionManager forFactoryIn(ListableBeanFactory beans, TuskClient client) {
            ObjectProvider<EntityManagerFactory> factories = beans.getBeanProvider(EntityManagerFactory.class);
            EntityManagerFactory factory = factories.getIfUnique();
            return factory == null ? null : new TuskJpaTransactionManager(client, factory);
        }
    }

    /** Tusk's meters in the application's registry, when Micrometer is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {

        /** Binds the client's meters to the application's {@link MeterRegistry} when there is one. */
        @Bean
        @ConditionalOnMissingBean
        TuskMeters tuskMeters(ObjectProvider<MeterRegistry> registries) {
            return new TuskMeters(registries);
        }
    }

    /** The {@code tusk} health indicator, when Boot's health support is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("tusk")
    static class HealthConfiguration {

        /** Health from {@code client.health()}, shown as {@code tusk} under /actuator/health. */
        @Bean
        @ConditionalOnMissingBean(name = "tuskHealthIndicator")
        TuskHealthIndicator tuskHealthIndicator(TuskClient client) {
            return new TuskHealthIndicator(client);
        }
    }
}
