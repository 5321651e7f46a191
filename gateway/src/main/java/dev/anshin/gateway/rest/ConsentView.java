package dev.anshin.gateway.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.google.protobuf.Timestamp;

import dev.anshin.api.consent.v1.ConsentEvent;
import dev.anshin.api.consent.v1.ConsentReceipt;
import dev.anshin.api.consent.v1.ConsentState;
import dev.anshin.api.consent.v1.GetReceiptKeysResponse;
import dev.anshin.api.consent.v1.ListConsentEventsResponse;
import dev.anshin.api.consent.v1.ListPurposesResponse;
import dev.anshin.api.consent.v1.PurposeNotice;
import dev.anshin.api.consent.v1.PurposeState;
import dev.anshin.api.consent.v1.ReceiptChange;

/**
 * The member's consent as the REST API shows it (consent-service's answers). Purposes are named as in paths
 * ({@link ConsentPurposes}: {@code marketing-own}); times ISO-8601 in UTC.
 */
public final class ConsentView {

    private ConsentView() {
    }

    /** The body of {@code GET /v1/consents}: the issuer's record, every purpose, and the partners' own records. */
    @Schema(name = "Consents")
    public record Consents(
            List<PurposeConsent> consents,
            @Schema(description = "A co-branding partner's own record (Art. 10), one entry per partner and purpose; "
                    + "never changed by the issuer-side routes") List<PurposeConsent> partnerConsents) {

        static Consents of(ConsentState state) {
            return new Consents(state.getPurposesList().stream().map(PurposeConsent::of).toList(),
                    state.getPartnerPurposesList().stream().map(PurposeConsent::of).toList());
        }
    }

    /** The member's current choice for one purpose, and the notice it rests on. */
    @Schema(name = "PurposeConsent")
    public record PurposeConsent(
            @Schema(example = "marketing-own") String purpose,
            boolean granted,
            @Schema(description = "The notice version the choice was made under (it keeps it)") String noticeVersion,
            @Schema(description = "SHA-256 of that notice's text") String noticeSha256,
            @Schema(description = "The notice version in effect now") String currentNoticeVersion,
            @Schema(description = "true: a newer notice than the one the choice rests on is in effect (the choice still stands)")
            boolean newerNoticeAvailable,
            @Schema(description = "\"issuer\", or the co-branding partner's id") String controller,
            @Schema(description = "When the choice was recorded") String updatedAt) {

        static PurposeConsent of(PurposeState state) {
            return new PurposeConsent(ConsentPurposes.name(state.getPurpose()), state.getGranted(), state.getNoticeVersion(),
                    state.getNoticeSha256(), state.getCurrentNoticeVersion(), state.getNewerNoticeAvailable(),
                    state.getController(), time(state.getUpdatedAt()));
        }
    }

    /** The body of {@code GET /v1/consent-notices}: the notices in effect. */
    @Schema(name = "ConsentNotices")
    public record Notices(List<Notice> notices) {

        static Notices of(ListPurposesResponse response) {
            return new Notices(response.getPurposesList().stream().map(Notice::of).toList());
        }
    }

    /** One purpose's notice in effect, in Japanese and English. */
    @Schema(name = "ConsentNotice")
    public record Notice(
            @Schema(example = "marketing-own") String purpose,
            @Schema(description = "true: the contract cannot go without it") boolean required,
            @Schema(enumeration = { "REQUIRED", "OPT_OUT" }) String mechanism,
            @Schema(description = "The article of the clause", example = "2(1)①") String article,
            @Schema(example = "2025-04") String version,
            @Schema(description = "When this version took effect") String effectiveFrom,
            @Schema(description = "\"issuer\", or the co-branding partner's id") String controller,
            @Schema(description = "SHA-256 (lowercase hex) of the UTF-8 of text.ja, a line feed, text.en") String textSha256,
            Text text) {

        static Notice of(PurposeNotice notice) {
            return new Notice(ConsentPurposes.name(notice.getPurpose()), notice.getRequired(),
                    ProtoNames.of(notice.getMechanism(), "NOTICE_MECHANISM_"), notice.getArticle(), notice.getVersion(),
                    time(notice.getEffectiveFrom()), notice.getController(), notice.getTextSha256(),
                    new Text(notice.getTextJa(), notice.getTextEn()));
        }
    }

    /** A notice's text. */
    @Schema(name = "ConsentNoticeText")
    public record Text(@Schema(description = "Japanese (the text that binds)") String ja, @Schema(description = "English") String en) {
    }

    /** The body of {@code PUT /v1/consents/{purpose}}. */
    @Schema(name = "ConsentChangeResult")
    public record Change(
            @Schema(description = "The purpose's state after the call") PurposeConsent consent,
            @Schema(description = "false: it already was so (no receipt)") boolean changed,
            @Schema(description = "The signed receipt of the change; absent when nothing changed")
            @JsonInclude(JsonInclude.Include.NON_NULL) Receipt receipt) {

        static Change of(dev.anshin.api.consent.v1.Purpose purpose, ConsentState state, boolean changed, ConsentReceipt receipt,
                boolean hasReceipt) {
            PurposeConsent consent = state.getPurposesList().stream().filter(p -> p.getPurpose() == purpose)
                    .findFirst().map(PurposeConsent::of).orElse(null);
            return new Change(consent, changed, hasReceipt ? Receipt.of(receipt) : null);
        }
    }

    /** A receipt signed by consent-service: the member's proof of what was agreed. */
    @Schema(name = "ConsentReceipt")
    public record Receipt(
            @Schema(description = "Opaque id; GET /v1/consent-receipts/{id} fetches it again") String id,
            String issuedAt,
            List<ReceiptChangeView> changes,
            @Schema(description = "The receipt as a compact JWS (RS256, typ consent-receipt+jwt), verifiable with "
                    + "consent-service's public key") String jws,
            @Schema(description = "The id of the key that signed it") String keyId) {

        static Receipt of(ConsentReceipt receipt) {
            return new Receipt(receipt.getId(), time(receipt.getIssuedAt()),
                    receipt.getChangesList().stream().map(ReceiptChangeView::of).toList(), receipt.getJws(), receipt.getKeyId());
        }
    }

    /** The public keys that verify receipts, as a JSON Web Key Set (RFC 7517); never a private part. */
    @Schema(name = "ConsentReceiptKeys")
    public record ReceiptKeys(
            @Schema(description = "JSON Web Keys: kty RSA, kid, use sig, alg RS256, n, e; the signing key first") List<Map<String, Object>> keys) {

        static ReceiptKeys of(GetReceiptKeysResponse response) {
            return new ReceiptKeys(response.getKeysList().stream().map(key -> {
                try {
                    return JsonUtil.parseJson(key.getJwk());
                } catch (JoseException e) {
                    throw new IllegalStateException("consent-service published a key that is not JSON", e);
                }
            }).toList());
        }
    }

    /** One change of a receipt. */
    @Schema(name = "ConsentReceiptChange")
    public record ReceiptChangeView(
            String eventId,
            @Schema(example = "marketing-own") String purpose,
            @Schema(enumeration = { "GRANTED", "WITHDRAWN" }) String kind,
            String noticeVersion,
            String noticeSha256,
            String controller) {

        static ReceiptChangeView of(ReceiptChange change) {
            return new ReceiptChangeView(change.getEventId(), ConsentPurposes.name(change.getPurpose()),
                    ProtoNames.of(change.getKind(), "CONSENT_EVENT_KIND_"), change.getNoticeVersion(), change.getNoticeSha256(),
                    change.getController());
        }
    }

    /** One consent event: never rewritten. */
    @Schema(name = "ConsentEvent")
    public record Event(
            String id,
            @Schema(example = "marketing-own") String purpose,
            @Schema(enumeration = { "GRANTED", "WITHDRAWN" }) String kind,
            String noticeVersion,
            String noticeSha256,
            @Schema(enumeration = { "APP", "WEB", "PAPER", "PHONE" }) String channel,
            TransitionView.ActorView actor,
            String controller,
            @Schema(description = "The receipt it was given with") String receiptId,
            String occurredAt) {

        static Event of(ConsentEvent event) {
            return new Event(event.getId(), ConsentPurposes.name(event.getPurpose()),
                    ProtoNames.of(event.getKind(), "CONSENT_EVENT_KIND_"), event.getNoticeVersion(), event.getNoticeSha256(),
                    ProtoNames.of(event.getChannel(), "CONSENT_CHANNEL_"), TransitionView.ActorView.of(event.getActor()),
                    event.getController(), event.getReceiptId(), time(event.getOccurredAt()));
        }
    }

    /** The body of {@code GET /v1/consents/history}: newest first. */
    @Schema(name = "ConsentEventPage")
    public record Page(
            List<Event> events,
            @Schema(description = "Pass as pageToken for the next page; absent on the last page")
            @JsonInclude(JsonInclude.Include.NON_NULL) String nextPageToken) {

        static Page of(ListConsentEventsResponse response) {
            String next = response.getPageInfo().getNextPageToken();
            return new Page(response.getEventsList().stream().map(Event::of).toList(), next.isEmpty() ? null : next);
        }
    }

    private static String time(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()).toString();
    }
}
