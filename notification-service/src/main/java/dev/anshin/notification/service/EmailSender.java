package dev.anshin.notification.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.config.MailConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;

/** E-mail over SMTP (Quarkus Mailer): plain text, UTF-8, one Message-ID per notification. */
@ApplicationScoped
public class EmailSender {

    private final ReactiveMailer mailer;
    private final MailConfig config;

    public EmailSender(ReactiveMailer mailer, MailConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    /**
     * Hands the message to the SMTP server; returns when it accepted it, throws when it did not. A message sent again
     * (its acknowledgement was lost) carries the same Message-ID, so a mail client shows it once. Waits at most
     * {@code anshin.mail.send-timeout}.
     */
    public void send(String notificationId, String to, String subject, String body) {
        Mail mail = Mail.withText(to, subject, body);
        mail.addHeader("Message-ID", "<" + notificationId + "@" + config.messageIdDomain() + ">");
        mailer.send(mail).await().atMost(config.sendTimeout());
    }
}
