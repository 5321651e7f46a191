package dev.anshin.notification.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.config.MailConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;

/** E-mail over SMTP (Quarkus Mailer): plain text, UTF-8, one Message-ID per notification. */
@ApplicationScoped
public class EmailSender {

    private final Mailer mailer;
    private final MailConfig config;

    public EmailSender(Mailer mailer, MailConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    /**
     * Hands the message to the SMTP server; returns when it accepted it, throws when it did not. A message sent again
     * (its acknowledgement was lost) carries the same Message-ID, so a mail client shows it once.
     */
    public void send(String notificationId, String to, String subject, String body) {
        Mail mail = Mail.withText(to, subject, body);
        mail.addHeader("Message-ID", "<" + notificationId + "@" + config.messageIdDomain() + ">");
        mailer.send(mail);
    }
}
