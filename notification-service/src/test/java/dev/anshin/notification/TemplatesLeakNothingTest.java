package dev.anshin.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.notification.service.LoginNotice;
import dev.anshin.notification.service.CardStatusNotice;
import dev.anshin.notification.service.AuthenticationChallenge;
import dev.anshin.notification.service.AuthenticationCode;
import dev.anshin.notification.service.StatementReadyNotice;
import dev.anshin.notification.service.Templates;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Every template, in both languages, rendered with realistic data: no card number, no security code, no token, no
 * link (a notice never points to a login page), and every placeholder filled.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
class TemplatesLeakNothingTest {

    /** 13 to 19 digits, possibly grouped by spaces or hyphens: the shape of a card number. */
    private static final Pattern DIGIT_RUN = Pattern.compile("\\d(?:[ -]?\\d){12,18}");
    private static final List<String> FORBIDDEN = List.of("security code", "セキュリティコード", "cvv", "cvc", "eyj",
            "bearer", "token", "http", "www.");
    /** Words a phishing mail would use: only the login notice itself speaks of logging in (and never links to it). */
    private static final List<String> LOGIN_WORDS = List.of("login", "log in", "sign-in", "sign in", "ログイン", "password",
            "パスワード");

    @Inject
    Templates templates;

    @Test
    void templatesLeakNothing() throws IOException {
        Set<String> rendered = new HashSet<>();
        List<Templates.Rendered> texts = new ArrayList<>();
        List<String> smsTexts = new ArrayList<>();
        Instant at = Instant.parse("2025-05-07T00:30:00Z");
        for (Language language : Language.values()) {
            String lang = language.name().toLowerCase(Locale.ROOT);
            for (UsageCategory category : UsageCategory.values()) {
                texts.add(templates.usage(language,
                        new Templates.Usage(at, 1_234_567, "AMAZON.CO.JP マーケットプレイス", "0004", category)));
            }
            rendered.add("usage-" + lang);
            texts.add(templates.contactChange(language, at, true, true));
            texts.add(templates.contactChange(language, at, true, false));
            texts.add(templates.contactChange(language, at, false, true));
            rendered.add("contact-change-" + lang);
            for (CardState state : CardState.values()) {
                for (String reason : List.of("TEMPORARY_STOP", "RESUMED", "ACTIVATED", "FRAUD_HOLD_PLACED",
                        "FRAUD_HOLD_RELEASED", "REPORTED_LOST", "REPLACED", "ISSUED", "MEMBER_REPORTED_NOT_ME")) {
                    texts.add(templates.cardStatus(language, new CardStatusNotice("transition-1", "member-1", "card-1",
                            "0004", state, reason, at)));
                }
            }
            rendered.add("card-status-" + lang);
            var confirmation = new UsageConfirmation();
            confirmation.cardLast4 = "0004";
            confirmation.amount = 300_000;
            confirmation.merchantName = "ビックカメラ 有楽町店";
            confirmation.attemptedAt = at;
            confirmation.expiresAt = at.plusSeconds(900);
            confirmation.replyCode = "482913";
            confirmation.answeredAt = at.plusSeconds(120);
            Templates.Rendered sms = templates.usageConfirmation(language, confirmation);
            assertThat(sms.subject()).as("an SMS has no subject").isEmpty();
            smsTexts.add(sms.body());
            rendered.add("usage-confirmation-" + lang);
            texts.add(templates.usageDenied(language, confirmation));
            rendered.add("usage-denied-" + lang);
            texts.add(templates.statementReady(language, new StatementReadyNotice("statement-1", "member-1",
                    java.time.LocalDate.of(2025, 4, 10), java.time.LocalDate.of(2025, 5, 7), 123_456)));
            rendered.add("statement-ready-" + lang);
        }
        List<String> codeTexts = new ArrayList<>();
        for (Language language : Language.values()) {
            String lang = language.name().toLowerCase(Locale.ROOT);
            Templates.CodeTexts code = templates.authenticationCode(language, new AuthenticationCode("challenge-1", "member-1",
                    "card-1", "0004", 50_000, "アンシン書店 オンライン", "492817", at.plusSeconds(300)));
            assertThat(code.sms()).as("the SMS carries the code").contains("492817", "0004", "50,000");
            assertThat(code.history()).as("the history never does").doesNotContain("492817").contains("0004", "50,000");
            assertThat(code.toString()).doesNotContain("492817");
            smsTexts.add(code.sms());
            codeTexts.add(code.history());
            rendered.add("authentication-code-" + lang);
            rendered.add("authentication-code-history-" + lang);
        }
        for (String part : codeTexts) {
            assertLeaksNothing(part);
            assertThat(LOGIN_WORDS).noneMatch(part.toLowerCase(Locale.ROOT)::contains);
        }
        for (Language language : Language.values()) {
            // A 3-D Secure challenge waiting in the app: its first paragraph is what a lock screen shows.
            Templates.Rendered challenge = templates.authenticationChallenge(language, new AuthenticationChallenge("challenge-1",
                    "member-1", "card-1", "0004", 50_000, "アンシン書店 オンライン", at.plusSeconds(300)));
            assertThat(challenge.body()).contains("0004", "50,000", "アンシン書店 オンライン");
            assertThat(challenge.body().substring(0, challenge.body().indexOf("\n\n")))
                    .doesNotContain("0004").doesNotContain("50,000").doesNotContain("アンシン書店");
            texts.add(challenge);
            rendered.add("authentication-challenge-" + language.name().toLowerCase(Locale.ROOT));
        }
        int notLogin = texts.size();
        for (Language language : Language.values()) {
            for (LoginNotice.Method method : LoginNotice.Method.values()) {
                texts.add(templates.login(language, new LoginNotice("kc-1", "member-1", at, "203.0.113.7", "anshin-mobile",
                        method, "iPhone / iOS 18", "東京都渋谷区, JP")));
                texts.add(templates.login(language, new LoginNotice("kc-2", "member-1", at, "2001:db8::1", "anshin-mobile",
                        method, null, null)));
            }
            rendered.add("login-" + language.name().toLowerCase(Locale.ROOT));
            // "This wasn't me" answers the member's own report: it says they are signed out everywhere (no link).
            texts.add(templates.notMe(language, at));
            rendered.add("not-me-" + language.name().toLowerCase(Locale.ROOT));
        }

        for (int i = 0; i < texts.size(); i++) {
            Templates.Rendered text = texts.get(i);
            for (String part : List.of(text.subject(), text.body())) {
                assertLeaksNothing(part);
                if (i < notLogin) {
                    assertThat(LOGIN_WORDS).noneMatch(part.toLowerCase(Locale.ROOT)::contains);
                }
            }
        }
        for (String part : smsTexts) {
            assertLeaksNothing(part);
            assertThat(LOGIN_WORDS).noneMatch(part.toLowerCase(Locale.ROOT)::contains);
            assertThat(part.length()).as("one SMS of Japanese text (70 characters a part; at most a few parts)").isLessThan(200);
        }
        assertThat(smsTexts.get(0)).contains("末尾0004", "300,000円", "2025年5月7日 09:30", "「1 482913」", "「2 482913」");
        assertThat(smsTexts.get(1)).contains("\"1 482913\"", "\"2 482913\"");
        assertThat(texts.get(0).body()).contains("1,234,567円", "末尾 0004", "2025年5月7日 09:30");

        // Every template file is one of those rendered above.
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/templates/notices"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .allSatisfy(name -> assertThat(rendered).anyMatch(r -> name.equals(r + "-subject.txt") || name.equals(r + "-body.txt")));
        }
    }

    private static void assertLeaksNothing(String part) {
        assertThat(part).isNotBlank().doesNotContain("{", "}");
        String lower = part.toLowerCase(Locale.ROOT);
        assertThat(FORBIDDEN).noneMatch(lower::contains);
        Matcher digits = DIGIT_RUN.matcher(part);
        assertThat(digits.find()).as("no card-number-like digits in %s", part).isFalse();
    }
}
