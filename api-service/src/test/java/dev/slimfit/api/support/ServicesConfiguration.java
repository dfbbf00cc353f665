package dev.slimfit.api.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * Real PostgreSQL and RabbitMQ for integration tests: Testcontainers with {@link ServiceConnection} when Docker
 * works, the machine's own services otherwise ({@link #registerLocalServices}, see {@link ExternalServices}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class ServicesConfiguration {

    static class DockerAvailable implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return ExternalServices.useDocker();
        }
    }

    @Bean
    @ServiceConnection
    @Conditional(DockerAvailable.class)
    PostgreSQLContainer postgres() {
        return new PostgreSQLContainer("postgres:16-alpine");
    }

    @Bean
    @ServiceConnection
    @Conditional(DockerAvailable.class)
    RabbitMQContainer rabbit() {
        return new RabbitMQContainer("rabbitmq:4-management-alpine");
    }

    /** Without Docker: the machine's own services, as properties (applied before any bean is created). */
    public static void registerLocalServices(DynamicPropertyRegistry registry) {
        if (ExternalServices.useDocker()) {
            return;
        }
        registry.add("spring.datasource.url", ExternalServices::localDatabaseUrl);
        registry.add("spring.datasource.username", ExternalServices::pgUser);
        registry.add("spring.datasource.password", ExternalServices::pgPassword);
        ExternalServices.requireLocalRabbit();
        registry.add("spring.rabbitmq.host", ExternalServices::rabbitHost);
        registry.add("spring.rabbitmq.port", ExternalServices::rabbitPort);
        registry.add("spring.rabbitmq.username", ExternalServices::rabbitUser);
        registry.add("spring.rabbitmq.password", ExternalServices::rabbitPassword);
    }
}
