package dev.anshin.consent.mapping;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.Timestamp;

import dev.anshin.api.common.v1.Actor;
import dev.anshin.api.common.v1.CalendarDate;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.consent.v1.BureauRecordKind;
import dev.anshin.api.consent.v1.BureauRetention;
import dev.anshin.api.consent.v1.ConsentReceipt;
import dev.anshin.api.consent.v1.ConsentState;
import dev.anshin.api.consent.v1.PurposeState;
import dev.anshin.api.consent.v1.ReceiptChange;
import dev.anshin.consent.ActorKind;
import dev.anshin.consent.ConsentChannel;
import dev.anshin.consent.ConsentEvent;
import dev.anshin.consent.ConsentEventKind;
import dev.anshin.consent.NoticeMechanism;
import dev.anshin.consent.PrivacyRequest;
import dev.anshin.consent.PrivacyRequestKind;
import dev.anshin.consent.PrivacyRequestStatus;
import dev.anshin.consent.Purpose;
import dev.anshin.consent.PurposeNotice;
import dev.anshin.consent.service.BureauRetentionService;
import dev.anshin.consent.service.Views;

/**
 * Domain to contract and back. The stored enum names are the contract's names without their prefix
 * ({@code MARKETING_OWN} is {@code PURPOSE_MARKETING_OWN}), so a stored value always has a contract value.
 */
@ApplicationScoped
public class ConsentMapper {

    public static dev.anshin.api.consent.v1.Purpose toProto(Purpose purpose) {
        return dev.anshin.api.consent.v1.Purpose.valueOf("PURPOSE_" + purpose.name());
    }

    public static dev.anshin.api.consent.v1.ConsentEventKind toProto(ConsentEventKind kind) {
        return dev.anshin.api.consent.v1.ConsentEventKind.valueOf("CONSENT_EVENT_KIND_" + kind.name());
    }

    public static dev.anshin.api.consent.v1.ConsentChannel toProto(ConsentChannel channel) {
        return dev.anshin.api.consent.v1.ConsentChannel.valueOf("CONSENT_CHANNEL_" + channel.name());
    }

    public static dev.anshin.api.common.v1.ActorKind toProto(ActorKind kind) {
        return dev.anshin.api.common.v1.ActorKind.valueOf("ACTOR_KIND_" + kind.name());
    }

    /** The domain purpose of a contract purpose; null when unset or unknown. */
    public static Purpose toDomain(dev.anshin.api.consent.v1.Purpose purpose) {
        return switch (purpose) {
            case PURPOSE_CREDIT_MANAGEMENT -> Purpose.CREDIT_MANAGEMENT;
            case PURPOSE_CREDIT_BUREAU -> Purpose.CREDIT_BUREAU;
            case PURPOSE_MARKETING_OWN -> Purpose.MARKETING_OWN;
            case PURPOSE_MARKETING_THIRD_PARTY -> Purpose.MARKETING_THIRD_PARTY;
            case PURPOSE_MARKET_RESEARCH -> Purpose.MARKET_RESEARCH;
            default -> null;
        };
    }

    /** The domain channel of a contract channel; null when unset or unknown. */
    public static ConsentChannel toDomain(dev.anshin.api.consent.v1.ConsentChannel channel) {
        return switch (channel) {
            case CONSENT_CHANNEL_APP -> ConsentChannel.APP;
            case CONSENT_CHANNEL_WEB -> ConsentChannel.WEB;
            case CONSENT_CHANNEL_PAPER -> ConsentChannel.PAPER;
            case CONSENT_CHANNEL_PHONE -> ConsentChannel.PHONE;
            default -> null;
        };
    }

    public static dev.anshin.api.consent.v1.NoticeMechanism toProto(NoticeMechanism mechanism) {
        return dev.anshin.api.consent.v1.NoticeMechanism.valueOf("NOTICE_MECHANISM_" + mechanism.name());
    }

    public static Timestamp toProto(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** A contract timestamp as an instant; null when unset. */
    public static Instant toDomain(Timestamp timestamp, boolean present) {
        return present ? Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()) : null;
    }

    public dev.anshin.api.consent.v1.PurposeNotice toProto(PurposeNotice notice) {
        return dev.anshin.api.consent.v1.PurposeNotice.newBuilder()
                .setPurpose(toProto(notice.purpose))
                .setRequired(notice.required)
                .setArticle(notice.article)
                .setVersion(notice.version)
                .setTextJa(notice.textJa)
                .setTextEn(notice.textEn)
                .setEffectiveFrom(toProto(notice.effectiveFrom))
                .setController(notice.controller)
                .setMechanism(toProto(notice.mechanism))
                .setTextSha256(notice.textSha256)
                .build();
    }

    public ConsentState toProto(Views.ConsentState state) {
        var proto = ConsentState.newBuilder().setMemberId(MemberId.newBuilder().setValue(state.memberId()));
        state.issuer().forEach(purpose -> proto.addPurposes(toProto(purpose)));
        state.partners().forEach(purpose -> proto.addPartnerPurposes(toProto(purpose)));
        return proto.build();
    }

    PurposeState toProto(Views.PurposeState state) {
        var proto = PurposeState.newBuilder()
                .setPurpose(toProto(state.purpose()))
                .setGranted(state.granted())
                .setNoticeVersion(state.noticeVersion())
                .setNoticeSha256(state.noticeSha256())
                .setCurrentNoticeVersion(state.currentNoticeVersion())
                .setNewerNoticeAvailable(state.newerNoticeAvailable())
                .setController(state.controller());
        if (state.updatedAt() != null) {
            proto.setUpdatedAt(toProto(state.updatedAt()));
        }
        return proto.build();
    }

    public dev.anshin.api.consent.v1.ConsentEvent toProto(ConsentEvent event) {
        var proto = dev.anshin.api.consent.v1.ConsentEvent.newBuilder()
                .setId(event.id)
                .setMemberId(MemberId.newBuilder().setValue(event.memberId))
                .setPurpose(toProto(event.purpose))
                .setKind(toProto(event.kind))
                .setNoticeVersion(event.noticeVersion)
                .setChannel(toProto(event.channel))
                .setActor(Actor.newBuilder().setKind(toProto(event.actorKind)).setId(event.actorId))
                .setOccurredAt(toProto(event.occurredAt))
                .setNoticeSha256(event.noticeSha256)
                .setController(event.controller);
        if (event.receiptId != null) {
            proto.setReceiptId(event.receiptId);
        }
        return proto.build();
    }

    public ConsentReceipt toProto(Views.Receipt receipt) {
        var proto = ConsentReceipt.newBuilder()
                .setId(receipt.receipt().id)
                .setMemberId(MemberId.newBuilder().setValue(receipt.receipt().memberId))
                .setIssuedAt(toProto(receipt.receipt().issuedAt))
                .setJws(receipt.receipt().jws)
                .setKeyId(receipt.receipt().keyId);
        for (ConsentEvent event : receipt.events()) {
            proto.addChanges(ReceiptChange.newBuilder()
                    .setEventId(event.id)
                    .setPurpose(toProto(event.purpose))
                    .setKind(toProto(event.kind))
                    .setNoticeVersion(event.noticeVersion)
                    .setNoticeSha256(event.noticeSha256)
                    .setController(event.controller));
        }
        return proto.build();
    }

    public static dev.anshin.api.consent.v1.PrivacyRequestKind toProto(PrivacyRequestKind kind) {
        return dev.anshin.api.consent.v1.PrivacyRequestKind.valueOf("PRIVACY_REQUEST_KIND_" + kind.name());
    }

    public static dev.anshin.api.consent.v1.PrivacyRequestStatus toProto(PrivacyRequestStatus status) {
        return dev.anshin.api.consent.v1.PrivacyRequestStatus.valueOf("PRIVACY_REQUEST_STATUS_" + status.name());
    }

    /** The domain kind of a contract kind; null when unset or unknown. */
    public static PrivacyRequestKind toDomain(dev.anshin.api.consent.v1.PrivacyRequestKind kind) {
        return switch (kind) {
            case PRIVACY_REQUEST_KIND_DISCLOSURE -> PrivacyRequestKind.DISCLOSURE;
            case PRIVACY_REQUEST_KIND_CORRECTION -> PrivacyRequestKind.CORRECTION;
            case PRIVACY_REQUEST_KIND_DELETION -> PrivacyRequestKind.DELETION;
            case PRIVACY_REQUEST_KIND_STOP_OF_USE -> PrivacyRequestKind.STOP_OF_USE;
            default -> null;
        };
    }

    /** The domain status of a contract status; null when unset or unknown. */
    public static PrivacyRequestStatus toDomain(dev.anshin.api.consent.v1.PrivacyRequestStatus status) {
        return switch (status) {
            case PRIVACY_REQUEST_STATUS_RECEIVED -> PrivacyRequestStatus.RECEIVED;
            case PRIVACY_REQUEST_STATUS_IDENTITY_VERIFIED -> PrivacyRequestStatus.IDENTITY_VERIFIED;
            case PRIVACY_REQUEST_STATUS_IN_PROGRESS -> PrivacyRequestStatus.IN_PROGRESS;
            case PRIVACY_REQUEST_STATUS_COMPLETED -> PrivacyRequestStatus.COMPLETED;
            case PRIVACY_REQUEST_STATUS_PARTIALLY_COMPLETED -> PrivacyRequestStatus.PARTIALLY_COMPLETED;
            case PRIVACY_REQUEST_STATUS_REJECTED -> PrivacyRequestStatus.REJECTED;
            default -> null;
        };
    }

    public static CalendarDate toProto(LocalDate date) {
        return CalendarDate.newBuilder().setYear(date.getYear()).setMonth(date.getMonthValue()).setDay(date.getDayOfMonth())
                .build();
    }

    /** A privacy request as the contract shows it; {@code today} (in Japan) tells whether it is overdue. */
    public dev.anshin.api.consent.v1.PrivacyRequest toProto(PrivacyRequest request, LocalDate today) {
        var proto = dev.anshin.api.consent.v1.PrivacyRequest.newBuilder()
                .setId(request.id)
                .setMemberId(MemberId.newBuilder().setValue(request.memberId))
                .setKind(toProto(request.kind))
                .setStatus(toProto(request.status))
                .setDetails(request.details)
                .setElectronicDelivery(request.electronicDelivery)
                .setDueDate(toProto(request.dueDate))
                .setFiledAt(toProto(request.filedAt))
                .setUpdatedAt(toProto(request.updatedAt))
                .setOverdue(request.overdueOn(today));
        if (request.reason != null) {
            proto.setReason(request.reason);
            if (request.status == PrivacyRequestStatus.REJECTED) {
                proto.setRejectionReason(request.reason);
            }
        }
        return proto.build();
    }

    public static BureauRetention toProto(BureauRetentionService.Retention retention) {
        var proto = BureauRetention.newBuilder()
                .setBureau(retention.bureau().name())
                .setKind(BureauRecordKind.valueOf("BUREAU_RECORD_KIND_" + retention.kind().name()))
                .setDisclosureContact(retention.bureau().disclosureContact);
        if (retention.from() != null) {
            proto.setFromDate(toProto(retention.from()));
        }
        if (retention.keptUntil() != null) {
            proto.setRetainedUntil(toProto(retention.keptUntil()));
        }
        return proto.build();
    }
}
