package dev.anshin.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Opting out never touches a card, a limit or a credit decision (Art. 5): the services that make them have no way to
 * ask consent-service anything. This fails the day card-control-service or statement-service gains a gRPC client for
 * it, by configuration ({@code quarkus.grpc.clients.*} pointing at consent-service) or in code (a ConsentService stub).
 */
class NoCreditDecisionAsksConsentTest {

    /** The repository root: the tests run in consent-service/. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @ParameterizedTest
    @ValueSource(strings = {"card-control-service", "statement-service"})
    void aCardOrCreditServiceHasNoGrpcClientForConsentService(String module) throws IOException {
        Path properties = ROOT.resolve(module).resolve("src/main/resources/application.properties");
        assertThat(properties).exists();
        var config = new Properties();
        config.load(new StringReader(Files.readString(properties)));
        List<String> consentClients = config.stringPropertyNames().stream()
                .filter(key -> key.matches("(%[^.]+\\.)?quarkus\\.grpc\\.clients\\..*"))
                .filter(key -> key.toLowerCase().contains("consent") || config.getProperty(key).toLowerCase().contains("consent")
                        || config.getProperty(key).contains("8083"))
                .toList();
        assertThat(consentClients).as(module + " must not configure a gRPC client of consent-service").isEmpty();

        Path sources = ROOT.resolve(module).resolve("src/main/java");
        assertThat(sources).isDirectory();
        try (Stream<Path> files = Files.walk(sources)) {
            List<Path> askers = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> {
                        try {
                            String text = Files.readString(file);
                            return text.contains("ConsentServiceGrpc") || text.contains("dev.anshin.api.consent.");
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
            assertThat(askers).as(module + " must not hold a consent-service stub").isEmpty();
        }
    }
}
