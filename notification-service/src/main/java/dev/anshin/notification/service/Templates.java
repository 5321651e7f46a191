package dev.anshin.notification.service;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.Language;
import dev.anshin.notification.QuietHours;
import dev.anshin.notification.UsageCategory;
import dev.anshin.notification.UsageConfirmation;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;

/**
 * The texts of the notices, in Qute ({@code src/main/resources/templates/notices/}), one subject and one body per
 * notice and language. Times are shown in Japan time; amounts in whole yen with thousands separators. What a template
 * receives is already what may be shown: the card's last four digits, never its number; no link to a login page.
 */
@ApplicationScoped
public class Templates {

    private static final DateTimeFormatter JA_TIME = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm", Locale.JAPAN)
            .withZone(QuietHours.JAPAN);
    private static final DateTimeFormatter EN_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH)
            .withZone(QuietHours.JAPAN);

    /** Every template this class renders: kind, then language ({@code notices/usage-ja-subject.txt}...). */
    private static final DateTimeFormatter JA_MONTH = DateTimeFormatter.ofPattern("yyyy年M月", Locale.JAPAN);
    private static final DateTimeFormatter EN_MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter JA_DATE = DateTimeFormatter.ofPattern("yyyy年M月d日", Locale.JAPAN);
    private static final DateTimeFormatter EN_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    public static final List<String> NOTICES = List.of("usage", "contact-change", "login", "card-status", "usage-confirmation",
            "statement-ready", "usage-denied", "not-me", "authentication-challenge");

    private final Engine engine;

    public Templates(Engine engine) {
        this.engine = engine;
    }

    /** A rendered notice. */
    public record Rendered(String subject, String body) {
    }

    /** What a usage notice shows. */
    public record Usage(Instant authorizedAt, long amountYen, String merchantName, String cardLast4, UsageCategory category) {
    }

    public Rendered usage(Language language, Usage usage) {
        return render("usage", language, new Object[] {
            "usedAt", time(language, usage.authorizedAt()),
            "amount", String.format(Locale.ROOT, "%,d", usage.amountYen()),
            "merchant", usage.merchantName(),
            "last4", usage.cardLast4(),
            "category", category(language, usage.category()) });
    }

    public Rendered login(Language language, LoginNotice login) {
        boolean en = language == Language.EN;
        return render("login", language, new Object[] {
            "loggedInAt", time(language, login.loggedInAt()),
            "method", switch (login.method()) {
                case PASSWORD -> en ? "password" : "パスワード";
                case TWO_STEP -> en ? "password and one-time code (two-step)" : "パスワードとワンタイムコード（二段階認証）";
                case UNKNOWN -> en ? "not reported by the sign-in service" : "不明";
            },
            "client", login.client(),
            "ipAddress", login.ipAddress(),
            "device", login.device() == null ? "" : login.device(),
            "location", login.approximateLocation() == null ? "" : login.approximateLocation() });
    }

    public Rendered contactChange(Language language, Instant changedAt, boolean email, boolean phone) {
        List<String> what = new ArrayList<>();
        if (email) {
            what.add(language == Language.EN ? "e-mail address" : "メールアドレス");
        }
        if (phone) {
            what.add(language == Language.EN ? "phone number" : "電話番号");
        }
        return render("contact-change", language, new Object[] {
            "changedAt", time(language, changedAt),
            "fields", String.join(language == Language.EN ? ", " : "、", what) });
    }

    /** A card-status notice: what happened to the card (ending in its last four digits) and when. */
    public Rendered cardStatus(Language language, CardStatusNotice change) {
        return render("card-status", language, new Object[] {
            "changedAt", time(language, change.occurredAt()),
            "last4", change.cardLast4(),
            "change", cardChange(language, change) });
    }

    /** "Your statement is ready": the billing month, the total and the payment date; no card, no link. */
    public Rendered statementReady(Language language, StatementReadyNotice statement) {
        boolean en = language == Language.EN;
        return render("statement-ready", language, new Object[] {
            "month", en ? statement.closingDate().format(EN_MONTH) : statement.closingDate().format(JA_MONTH),
            "total", String.format(Locale.ROOT, "%,d", statement.totalYen()),
            "paymentDate", en ? statement.paymentDate().format(EN_DATE) : statement.paymentDate().format(JA_DATE) });
    }

    /**
     * The usage-confirmation SMS: a body only (an SMS has no subject), short, no link. It carries the reply code the
     * member's SMS reply names it by: a reference, not a secret (a reply counts only from the number it was sent to).
     */
    public Rendered usageConfirmation(Language language, UsageConfirmation confirmation) {
        Object[] data = {
            "attemptedAt", time(language, confirmation.attemptedAt),
            "amount", String.format(Locale.ROOT, "%,d", confirmation.amount),
            "merchant", confirmation.merchantName,
            "last4", confirmation.cardLast4,
            "expiresAt", time(language, confirmation.expiresAt),
            "replyCode", confirmation.replyCode };
        return new Rendered("", instance("notices/usage-confirmation-" + language.name().toLowerCase(Locale.ROOT) + "-body", data).strip());
    }

    /**
     * A 3-D Secure one-time code: the SMS (with the code) and what the history shows (without it), as subject-less
     * texts: {@code subject} is the history's text, {@code body} the SMS.
     */
    public record CodeTexts(String history, String sms) {
        @Override
        public String toString() {
            return "CodeTexts[" + history + "]";
        }
    }

    public CodeTexts authenticationCode(Language language, AuthenticationCode code) {
        String lang = language.name().toLowerCase(Locale.ROOT);
        Object[] data = {
            "amount", String.format(Locale.ROOT, "%,d", code.amountYen()),
            "merchant", code.merchantName(),
            "last4", code.cardLast4(),
            "expiresAt", time(language, code.expiresAt()),
            "code", code.code() };
        return new CodeTexts(instance("notices/authentication-code-history-" + lang + "-body", data).strip(),
                instance("notices/authentication-code-" + lang + "-body", data).strip());
    }

    /**
     * A 3-D Secure challenge waiting in the app: its first paragraph (what a push shows on the lock screen) only asks
     * the member to open the app; the purchase (merchant, amount, card, expiry) follows, for the history.
     */
    public Rendered authenticationChallenge(Language language, AuthenticationChallenge challenge) {
        return render("authentication-challenge", language, new Object[] {
            "merchant", challenge.merchantName(),
            "amount", String.format(Locale.ROOT, "%,d", challenge.amountYen()),
            "last4", challenge.cardLast4(),
            "expiresAt", time(language, challenge.expiresAt()) });
    }

    /** The member said a held purchase was not theirs: the card is held, and how to get a replacement. */
    public Rendered usageDenied(Language language, UsageConfirmation confirmation) {
        return render("usage-denied", language, new Object[] {
            "attemptedAt", time(language, confirmation.attemptedAt),
            "amount", String.format(Locale.ROOT, "%,d", confirmation.amount),
            "merchant", confirmation.merchantName,
            "last4", confirmation.cardLast4,
            "answeredAt", time(language, confirmation.answeredAt) });
    }

    /** "This wasn't me" received: what happens now, and what the member does next. */
    public Rendered notMe(Language language, Instant reportedAt) {
        return render("not-me", language, new Object[] { "reportedAt", time(language, reportedAt) });
    }

    private Rendered render(String notice, Language language, Object[] data) {
        String base = "notices/" + notice + "-" + language.name().toLowerCase(Locale.ROOT);
        return new Rendered(instance(base + "-subject", data).strip(), instance(base + "-body", data));
    }

    private String instance(String name, Object[] data) {
        Template template = engine.getTemplate(name);
        if (template == null) {
            throw new IllegalStateException("no template " + name);
        }
        var instance = template.instance();
        for (int i = 0; i < data.length; i += 2) {
            instance.data((String) data[i], data[i + 1]);
        }
        return instance.render();
    }

    private static String time(Language language, Instant at) {
        return language == Language.EN ? EN_TIME.format(at) : JA_TIME.format(at);
    }

    /**
     * One sentence per kind of change. The reason refines a closure (a loss report, a replacement activated) and tells
     * a hold released from a resumption; the replacement's notice says what the member does next.
     */
    private static String cardChange(Language language, CardStatusNotice change) {
        boolean en = language == Language.EN;
        String reason = change.reason();
        return switch (change.newState()) {
            case SUSPENDED -> "MEMBER_REPORTED_NOT_ME".equals(reason)
                    ? (en ? "The card was temporarily stopped after your \"this wasn't me\" report. You can resume it in the app;"
                            + " if someone else used it, report it in the app as misused to get a new card with a new number."
                            : "「身に覚えがない」のご連絡により、カードのご利用を一時停止しました。アプリから再開できます。"
                            + "不正利用の場合は、アプリで「不正利用」の届出をすると新しい番号のカードに切り替わります。")
                    : (en ? "The card was temporarily stopped. You can resume it in the app."
                            : "カードのご利用を一時停止しました。アプリから再開できます。");
            case ACTIVE -> switch (reason) {
                case "ACTIVATED" -> en ? "The card was activated and can be used now." : "カードが有効になり、ご利用いただけるようになりました。";
                case "FRAUD_HOLD_RELEASED" -> en ? "The hold on the card was released; it can be used again."
                        : "カードのご利用制限を解除しました。再びご利用いただけます。";
                default -> en ? "The card was resumed and can be used again." : "カードのご利用を再開しました。";
            };
            case FRAUD_HOLD -> en
                    ? "The card was put on hold because of suspected unauthorised use. To get a new card with a new number,"
                            + " report it in the app as misused (\"Lost, stolen or misused card\"); to use this card again,"
                            + " please contact us through the app."
                    : "不正利用の疑いがあるため、カードのご利用を制限しました。新しい番号のカードへの切り替えは、アプリの"
                            + "「紛失・盗難・不正利用の届出」から「不正利用」でお届けください。このカードのご利用再開は、アプリから"
                            + "お問い合わせください。";
            case CLOSED -> switch (reason) {
                case "REPORTED_LOST", "REPORTED_STOLEN", "REPORTED_COMPROMISED" -> en
                        ? "The card was closed after your report. A new card with a new number is on its way."
                        : "お届けにより、カードのご利用を停止しました。新しい番号のカードをお送りします。";
                case "REPLACED" -> en ? "The card was closed because its replacement was activated."
                        : "新しいカードが有効になったため、このカードは利用できなくなりました。";
                default -> en ? "The card was closed." : "カードのご利用を終了しました。";
            };
            case AWAITING_ACTIVATION -> en
                    ? "A replacement card was issued. When it arrives, activate it in the app."
                    : "再発行のカードを発行しました。お手元に届きましたら、アプリで有効にしてください。";
        };
    }

    private static String category(Language language, UsageCategory category) {
        boolean en = language == Language.EN;
        return switch (category) {
            case DOMESTIC -> en ? "in store (Japan)" : "国内でのご利用";
            case ONLINE -> en ? "online" : "インターネットでのご利用";
            case OVERSEAS -> en ? "overseas" : "海外でのご利用";
            case CASH -> en ? "cash advance" : "キャッシング";
        };
    }
}
