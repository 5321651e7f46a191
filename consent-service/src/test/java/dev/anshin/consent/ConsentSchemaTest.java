package dev.anshin.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.consent.repository.ConsentEventRepository;
import dev.anshin.consent.repository.PurposeNoticeRepository;
import dev.anshin.kit.testing.GrpcTestClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The V1 schema and V2 catalogue on the real MariaDB: every entity round-trips, and the tables' own rules hold. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class ConsentSchemaTest {

    private static final String NOTICE_VERSION = "2025-04";
    // MariaDB seen through mysql-connector-j drops fractional seconds: compare whole seconds only.
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Inject
    PurposeNoticeRepository notices;

    @Inject
    ConsentEventRepository events;

    @Test
    void theCatalogueHoldsTheFivePurposesOfTheClauseAtVersion2025_04AndOnlyTwoAreRequired() {
        var catalogue = QuarkusTransaction.requiringNew().call(() -> notices.atVersion(NOTICE_VERSION));

        assertThat(catalogue).extracting(notice -> notice.purpose).containsExactly(Purpose.values());
        assertThat(catalogue).filteredOn(notice -> notice.required).extracting(notice -> notice.purpose)
                .containsExactly(Purpose.CREDIT_MANAGEMENT, Purpose.CREDIT_BUREAU);
        assertThat(catalogue).extracting(notice -> notice.article)
                .containsExactly("1", "3", "2(1)①", "2(1)②", "2(1)③");
        for (var notice : catalogue) {
            assertEquals(NOTICE_VERSION, notice.version);
            assertThat(notice.textJa).startsWith("当社は");
            assertThat(notice.textEn).isNotBlank().doesNotContain("当社");
            // 2025-04-01 00:00 in Tokyo.
            assertEquals(Instant.parse("2025-03-31T15:00:00Z"), notice.effectiveFrom);
        }
        for (var notice : catalogue) {
            assertEquals(PurposeNotice.ISSUER, notice.controller);
            assertEquals(NoticeMechanism.of(notice.required), notice.mechanism);
            // The hashes written by V3 are the hashes of the texts written by V2.
            assertEquals(NoticeText.sha256(notice.textJa, notice.textEn), notice.textSha256, notice.purpose.name());
        }
        var bureau = catalogue.get(1);
        assertThat(bureau.textJa).contains("CIC", "JICC", "6ヶ月間", "5年以内");
        assertThat(catalogue.subList(2, 4)).allSatisfy(marketing -> {
            assertThat(marketing.textJa).contains("中止を申し出ることができます", "お申込みをお断りしたり");
            assertThat(marketing.textEn).contains("stop this use at any time", "never causes an application to be refused");
        });
    }

    @Test
    void aNewNoticeVersionIsStoredBesideThePublishedOne() {
        String version = "t-" + UUID.randomUUID().toString().substring(0, 8);
        // Far in the future, so this test notice never becomes the current one for any other test.
        Instant effectiveFrom = Instant.parse("2999-03-31T15:00:00Z");
        QuarkusTransaction.requiringNew().run(() -> {
            var notice = new PurposeNotice();
            notice.purpose = Purpose.MARKET_RESEARCH;
            notice.version = version;
            notice.required = false;
            notice.article = "2(1)③";
            notice.textJa = "当社は、市場調査及び商品開発のために個人情報を利用します。";
            notice.textEn = "We use your personal information for market research and product development.";
            notice.effectiveFrom = effectiveFrom;
            notice.controller = PurposeNotice.ISSUER;
            notice.mechanism = NoticeMechanism.OPT_OUT;
            notice.textSha256 = NoticeText.sha256(notice.textJa, notice.textEn);
            notices.persist(notice);
        });

        var stored = QuarkusTransaction.requiringNew()
                .call(() -> notices.findById(new PurposeNotice.Key(Purpose.MARKET_RESEARCH, version)));
        var published = QuarkusTransaction.requiringNew()
                .call(() -> notices.findById(new PurposeNotice.Key(Purpose.MARKET_RESEARCH, NOTICE_VERSION)));

        assertEquals("当社は、市場調査及び商品開発のために個人情報を利用します。", stored.textJa);
        assertEquals(effectiveFrom, stored.effectiveFrom);
        assertThat(published.textJa).isNotEqualTo(stored.textJa);
    }

    @Test
    void aConsentEventKeepsTheNoticeVersionChannelActorAndPartner() {
        String member = GrpcTestClient.newMemberId();
        String id = QuarkusTransaction.requiringNew().call(() -> {
            var event = event(member, 1, Purpose.MARKETING_OWN, ConsentEventKind.GRANTED);
            event.partnerId = "partner-airline";
            events.persist(event);
            return event.id;
        });

        var history = QuarkusTransaction.requiringNew().call(() -> events.history(member));

        assertThat(history).hasSize(1);
        var stored = history.get(0);
        assertEquals(id, stored.id);
        assertEquals(member, stored.memberId);
        assertEquals(Purpose.MARKETING_OWN, stored.purpose);
        assertEquals(ConsentEventKind.GRANTED, stored.kind);
        assertEquals(NOTICE_VERSION, stored.noticeVersion);
        assertEquals(ConsentChannel.APP, stored.channel);
        assertEquals(ActorKind.MEMBER, stored.actorKind);
        assertEquals(member, stored.actorId);
        assertEquals("partner-airline", stored.partnerId);
        assertEquals(NOW, stored.occurredAt);
        assertEquals(1, stored.sequenceNo);
    }

    @Test
    void twoEventsOfOneMemberCannotShareASequenceNumber() {
        String member = GrpcTestClient.newMemberId();
        QuarkusTransaction.requiringNew().run(() -> {
            events.persist(event(member, 1, Purpose.MARKETING_OWN, ConsentEventKind.GRANTED));
            events.persist(event(member, 2, Purpose.MARKETING_OWN, ConsentEventKind.WITHDRAWN));
        });

        var failure = assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(
                () -> events.persistAndFlush(event(member, 2, Purpose.MARKETING_THIRD_PARTY, ConsentEventKind.WITHDRAWN))));

        assertThat(databaseRefusal(failure)).containsIgnoringCase("uk_consent_event_sequence");
        assertThat(QuarkusTransaction.requiringNew().call(() -> events.history(member)))
                .extracting(event -> event.kind)
                .as("newest first")
                .containsExactly(ConsentEventKind.WITHDRAWN, ConsentEventKind.GRANTED);
    }

    @Test
    void anEventAtANoticeVersionThatWasNeverPublishedIsRefused() {
        var event = event(GrpcTestClient.newMemberId(), 1, Purpose.MARKETING_OWN, ConsentEventKind.GRANTED);
        event.noticeVersion = "1999-01";

        var failure = assertThrows(RuntimeException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> events.persistAndFlush(event)));

        assertThat(databaseRefusal(failure)).containsIgnoringCase("fk_consent_event_notice");
    }

    @Test
    void aRecordedConsentEventIsNeverRewritten() {
        String member = GrpcTestClient.newMemberId();
        String id = QuarkusTransaction.requiringNew().call(() -> {
            var event = event(member, 1, Purpose.MARKETING_THIRD_PARTY, ConsentEventKind.GRANTED);
            events.persist(event);
            return event.id;
        });

        QuarkusTransaction.requiringNew().run(() -> {
            var event = events.findById(id);
            event.kind = ConsentEventKind.WITHDRAWN;
            event.occurredAt = NOW.plusSeconds(60);
        });

        var stored = QuarkusTransaction.requiringNew().call(() -> events.findById(id));
        assertEquals(ConsentEventKind.GRANTED, stored.kind);
        assertEquals(NOW, stored.occurredAt);
    }

    private static ConsentEvent event(String member, long sequenceNo, Purpose purpose, ConsentEventKind kind) {
        var event = new ConsentEvent();
        event.id = UUID.randomUUID().toString();
        event.memberId = member;
        event.purpose = purpose;
        event.kind = kind;
        event.noticeVersion = NOTICE_VERSION;
        event.channel = ConsentChannel.APP;
        event.actorKind = ActorKind.MEMBER;
        event.actorId = member;
        event.occurredAt = NOW;
        event.sequenceNo = sequenceNo;
        event.noticeSha256 = NoticeText.sha256("", "");
        event.controller = PurposeNotice.ISSUER;
        return event;
    }

    /** The database's own refusal message (it names the violated constraint). */
    private static String databaseRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return t.getMessage();
            }
        }
        throw new AssertionError("expected the database to refuse the write", failure);
    }
}
