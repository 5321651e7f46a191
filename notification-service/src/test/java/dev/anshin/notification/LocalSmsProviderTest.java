package dev.anshin.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.anshin.notification.config.SmsConfig;
import dev.anshin.notification.service.PermanentDeliveryFailure;
import dev.anshin.notification.service.SmsSender;
import dev.anshin.notification.testing.LocalSmsProvider;

/**
 * The SMS provider {@code ./anshin up} runs (testing/LocalSmsProvider, started by the script from this source file)
 * against the service's real {@link SmsSender}: a plain JUnit test, no Quarkus. What {@code ./anshin mail} shows is
 * what it kept.
 */
class LocalSmsProviderTest {

    private static SmsSender sender(int port, String key) {
        return new SmsSender(new SmsConfig() {
            @Override
            public Optional<String> url() {
                return Optional.of("http://127.0.0.1:" + port + "/messages");
            }

            @Override
            public Optional<String> signingKey() {
                return Optional.of(key);
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration sendTimeout() {
                return Duration.ofSeconds(5);
            }
        });
    }

    @Test
    void theLocalProviderKeepsEachSignedSmsOnceByItsMessageId() throws Exception {
        try (LocalSmsProvider provider = LocalSmsProvider.start(0, "local-key")) {
            SmsSender sms = sender(provider.port(), "local-key");

            sms.send("n-1", "+819012345678", "ご利用確認: \"1 482913\"\nreply 1 or 2");
            sms.send("n-1", "+819012345678", "ご利用確認: \"1 482913\"\nreply 1 or 2"); // a repeat after a lost answer
            sms.send("n-2", "+819087654321", "code 123456");

            assertThat(provider.messages()).extracting(LocalSmsProvider.Message::messageId, LocalSmsProvider.Message::to,
                    LocalSmsProvider.Message::text).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("n-1", "+819012345678", "ご利用確認: \"1 482913\"\nreply 1 or 2"),
                            org.assertj.core.groups.Tuple.tuple("n-2", "+819087654321", "code 123456"));
            assertThat(provider.refused()).isZero();
        }
    }

    @Test
    void theLocalProviderRefusesASignatureUnderAnotherKey() throws Exception {
        try (LocalSmsProvider provider = LocalSmsProvider.start(0, "local-key")) {
            assertThatThrownBy(() -> sender(provider.port(), "another-key").send("n-3", "+819012345678", "text"))
                    .isInstanceOf(PermanentDeliveryFailure.class)
                    .hasMessageContaining("401");

            assertThat(provider.messages()).isEmpty();
            assertThat(provider.refused()).isEqualTo(1);
        }
    }
}
