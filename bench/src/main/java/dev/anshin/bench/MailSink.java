package dev.anshin.bench;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The SMTP server notification-service sends to: GreenMail (the server its tests and {@code ./anshin up} use), in this
 * process on a free port of 127.0.0.1, no login. Every message is stored as GreenMail stores it, and on its way in
 * (before GreenMail answers the end of its DATA, so before the sender may count it as sent) the sink notes when it
 * came, its {@code Message-ID}, and which bench notice it carries: the {@code Bench shop #N} the bench put in the
 * merchant name, which the e-mail's text repeats.
 */
final class MailSink implements AutoCloseable {

    static final String MERCHANT_PREFIX = "Bench shop #";
    private static final Pattern NOTICE = Pattern.compile(Pattern.quote(MERCHANT_PREFIX) + "(\\d+)");

    private final GreenMail greenMail;
    private final int port;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final Map<String, AtomicInteger> byMessageId = new ConcurrentHashMap<>();
    /** Per notice: how many times it came, and {@code System.nanoTime()} of its first arrival. */
    private final Map<Integer, AtomicInteger> copies = new ConcurrentHashMap<>();
    private final AtomicLongArray firstArrival;

    private MailSink(GreenMail greenMail, int port, int notices) {
        this.greenMail = greenMail;
        this.port = port;
        this.firstArrival = new AtomicLongArray(notices);
    }

    /** Starts the server; {@code notices}: the highest notice number the bench will send, plus one. */
    static MailSink start(int notices) throws IOException {
        int port = ServiceProcess.freePort();
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        MailSink sink = new MailSink(greenMail, port, notices);
        UserManager users = greenMail.getUserManager();
        MessageDeliveryHandler store = users.getMessageDeliveryHandler();
        users.setMessageDeliveryHandler((message, address) -> {
            sink.arrived(message.getMessage());
            return store.handle(message, address);
        });
        return sink;
    }

    int port() {
        return port;
    }

    private void arrived(MimeMessage message) throws MessagingException {
        long now = System.nanoTime();
        messages.incrementAndGet();
        String messageId = message.getMessageID();
        byMessageId.computeIfAbsent(messageId == null ? "(none)" : messageId, id -> new AtomicInteger()).incrementAndGet();
        Matcher m;
        try {
            m = NOTICE.matcher(String.valueOf(message.getContent()));
        } catch (IOException e) {
            unreadable.incrementAndGet();
            return;
        }
        if (!m.find()) {
            unreadable.incrementAndGet();
            return;
        }
        int notice = Integer.parseInt(m.group(1));
        if (notice >= firstArrival.length()) {
            unreadable.incrementAndGet();
            return;
        }
        // Set before the copy is counted, so a reader that sees the copy sees its time.
        firstArrival.compareAndSet(notice, 0, now);
        copies.computeIfAbsent(notice, n -> new AtomicInteger()).incrementAndGet();
    }

    /** Messages GreenMail took, copies included. */
    long messages() {
        return messages.get();
    }

    /** Messages whose text named no bench notice. */
    long unreadable() {
        return unreadable.get();
    }

    /** Distinct Message-IDs. */
    int distinctMessageIds() {
        return byMessageId.size();
    }

    /** Message-IDs that came more than once, with how often. */
    Map<String, Integer> repeatedMessageIds() {
        Map<String, Integer> repeated = new java.util.TreeMap<>();
        byMessageId.forEach((id, n) -> {
            if (n.get() > 1) {
                repeated.put(id, n.get());
            }
        });
        return repeated;
    }

    /** How many times notice {@code n} came (0: not yet). */
    int copies(int n) {
        AtomicInteger c = copies.get(n);
        return c == null ? 0 : c.get();
    }

    /** {@code System.nanoTime()} of notice {@code n}'s first arrival; meaningful when {@link #copies} is not 0. */
    long firstArrival(int n) {
        return firstArrival.get(n);
    }

    /** Distinct notices that came. */
    int distinctNotices() {
        return copies.size();
    }

    /** What GreenMail holds: every message of every mailbox. */
    int held() {
        return greenMail.getReceivedMessages().length;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
