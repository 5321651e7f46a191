package dev.anshin.consent.grpc;

import java.util.List;

import dev.anshin.api.common.v1.PageInfo;
import dev.anshin.api.consent.v1.CheckPurposeRequest;
import dev.anshin.api.consent.v1.CheckPurposeResponse;
import dev.anshin.api.consent.v1.GetBureauRetentionRequest;
import dev.anshin.api.consent.v1.GetBureauRetentionResponse;
import dev.anshin.api.consent.v1.GetConsentStateRequest;
import dev.anshin.api.consent.v1.GetConsentStateResponse;
import dev.anshin.api.consent.v1.GetReceiptKeysRequest;
import dev.anshin.api.consent.v1.GetReceiptKeysResponse;
import dev.anshin.api.consent.v1.GetReceiptRequest;
import dev.anshin.api.consent.v1.ReceiptKey;
import dev.anshin.api.consent.v1.GetReceiptResponse;
import dev.anshin.api.consent.v1.ListConsentEventsRequest;
import dev.anshin.api.consent.v1.ListConsentEventsResponse;
import dev.anshin.api.consent.v1.ListPurposesRequest;
import dev.anshin.api.consent.v1.ListPurposesResponse;
import dev.anshin.api.consent.v1.MutinyConsentServiceGrpc;
import dev.anshin.api.consent.v1.OptInRequest;
import dev.anshin.api.consent.v1.OptInResponse;
import dev.anshin.api.consent.v1.OptOutRequest;
import dev.anshin.api.consent.v1.OptOutResponse;
import dev.anshin.api.consent.v1.PublishNoticeRequest;
import dev.anshin.api.consent.v1.PublishNoticeResponse;
import dev.anshin.api.consent.v1.PurposeConsent;
import dev.anshin.api.consent.v1.RecordApplicationConsentRequest;
import dev.anshin.api.consent.v1.RecordApplicationConsentResponse;
import dev.anshin.consent.ConsentEvent;
import dev.anshin.consent.mapping.ConsentMapper;
import dev.anshin.consent.service.BureauRetentionService;
import dev.anshin.consent.service.ConsentService;
import dev.anshin.consent.service.NoticeService;
import dev.anshin.consent.service.ReceiptSigner;
import dev.anshin.consent.service.Views;
import dev.anshin.kit.grpc.PageTokens;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Maps {@code anshin.consent.v1.ConsentService} onto {@link ConsentService} and {@link NoticeService}; no rules live
 * here. Who may call what: the roles below; two-step for people comes from the contract's step_up options (the kit's
 * interceptor).
 */
@GrpcService
@Blocking
public class ConsentGrpcService extends MutinyConsentServiceGrpc.ConsentServiceImplBase {

    private static final String EVENTS_LIST = "consent-events";

    private final ConsentService consents;
    private final NoticeService notices;
    private final BureauRetentionService bureau;
    private final Actors actors;
    private final ConsentMapper mapper;
    private final ReceiptSigner signer;

    public ConsentGrpcService(ConsentService consents, NoticeService notices, BureauRetentionService bureau, Actors actors,
            ConsentMapper mapper, ReceiptSigner signer) {
        this.consents = consents;
        this.notices = notices;
        this.bureau = bureau;
        this.actors = actors;
        this.mapper = mapper;
        this.signer = signer;
    }

    @Override
    public Uni<ListPurposesResponse> listPurposes(ListPurposesRequest request) {
        // Any authenticated caller (the permission in application.properties): the notices are public text.
        var response = ListPurposesResponse.newBuilder();
        consents.currentNotices(request.getPartnerId()).forEach(notice -> response.addPurposes(mapper.toProto(notice)));
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<GetReceiptKeysResponse> getReceiptKeys(GetReceiptKeysRequest request) {
        // Any authenticated caller (the permission in application.properties): public keys, as the notices are public text.
        var response = GetReceiptKeysResponse.newBuilder();
        signer.verificationKeys().forEach(key -> response.addKeys(ReceiptKey.newBuilder()
                .setKeyId(key.keyId()).setJwk(key.jwk()).setCurrent(key.current())));
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<PublishNoticeResponse> publishNotice(PublishNoticeRequest request) {
        actors.actor(Roles.OPERATOR);
        var notice = notices.publish(ConsentMapper.toDomain(request.getPurpose()), request.getVersion(),
                request.getTextJa(), request.getTextEn(),
                ConsentMapper.toDomain(request.getEffectiveFrom(), request.hasEffectiveFrom()), request.getPartnerId());
        return Uni.createFrom().item(PublishNoticeResponse.newBuilder().setNotice(mapper.toProto(notice)).build());
    }

    @Override
    public Uni<RecordApplicationConsentResponse> recordApplicationConsent(RecordApplicationConsentRequest request) {
        var actor = actors.actor(Roles.APPLICATIONS);
        var change = consents.recordApplication(actor, request.getApplicationId(), request.getMemberId().getValue(),
                ConsentMapper.toDomain(request.getChannel()), choices(request.getConsentsList()),
                request.getPartnerId(), choices(request.getPartnerConsentsList()));
        var response = RecordApplicationConsentResponse.newBuilder().setState(mapper.toProto(change.state()));
        if (change.receipt() != null) {
            response.setReceipt(mapper.toProto(change.receipt()));
        }
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<OptOutResponse> optOut(OptOutRequest request) {
        var acting = actors.memberOrOperator(request.getMemberId());
        var change = consents.optOut(acting.actor(), acting.memberId(), ConsentMapper.toDomain(request.getPurpose()),
                ConsentMapper.toDomain(request.getChannel()));
        var response = OptOutResponse.newBuilder().setState(mapper.toProto(change.state())).setChanged(change.changed());
        if (change.receipt() != null) {
            response.setReceipt(mapper.toProto(change.receipt()));
        }
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<OptInResponse> optIn(OptInRequest request) {
        var acting = actors.memberOrOperator(request.getMemberId());
        var change = consents.optIn(acting.actor(), acting.memberId(), ConsentMapper.toDomain(request.getPurpose()),
                request.getNoticeVersion(), ConsentMapper.toDomain(request.getChannel()));
        var response = OptInResponse.newBuilder().setState(mapper.toProto(change.state())).setChanged(change.changed());
        if (change.receipt() != null) {
            response.setReceipt(mapper.toProto(change.receipt()));
        }
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<GetConsentStateResponse> getConsentState(GetConsentStateRequest request) {
        var acting = actors.memberOrOperator(request.getMemberId());
        var state = consents.stateOf(acting.memberId());
        return Uni.createFrom().item(GetConsentStateResponse.newBuilder().setState(mapper.toProto(state)).build());
    }

    @Override
    public Uni<ListConsentEventsResponse> listConsentEvents(ListConsentEventsRequest request) {
        var acting = actors.memberOrOperator(request.getMemberId());
        int size = PageTokens.pageSize(request.getPage().getPageSize());
        long before = PageTokens.decode(EVENTS_LIST, request.getPage().getPageToken());
        // One more than the page: whether a next page exists, without a count.
        List<ConsentEvent> found = consents.history(acting.memberId(), before, size + 1);
        var response = ListConsentEventsResponse.newBuilder();
        found.stream().limit(size).forEach(event -> response.addEvents(mapper.toProto(event)));
        var pageInfo = PageInfo.newBuilder();
        if (found.size() > size) {
            pageInfo.setNextPageToken(PageTokens.encode(EVENTS_LIST, found.get(size - 1).sequenceNo));
        }
        return Uni.createFrom().item(response.setPageInfo(pageInfo).build());
    }

    @Override
    public Uni<CheckPurposeResponse> checkPurpose(CheckPurposeRequest request) {
        actors.actor(Roles.CONSENT_CHECK);
        Views.Check check = consents.check(request.getMemberId().getValue(), ConsentMapper.toDomain(request.getPurpose()));
        return Uni.createFrom().item(CheckPurposeResponse.newBuilder()
                .setAllowed(check.allowed())
                .setNoticeVersion(check.noticeVersion())
                .build());
    }

    @Override
    public Uni<GetReceiptResponse> getReceipt(GetReceiptRequest request) {
        var receipt = consents.receipt(request.getReceiptId(), actors.memberScope());
        return Uni.createFrom().item(GetReceiptResponse.newBuilder().setReceipt(mapper.toProto(receipt)).build());
    }

    @Override
    public Uni<GetBureauRetentionResponse> getBureauRetention(GetBureauRetentionRequest request) {
        var acting = actors.memberOrOperator(request.getMemberId());
        var response = GetBureauRetentionResponse.newBuilder();
        bureau.of(acting.memberId()).forEach(retention -> response.addRetentions(ConsentMapper.toProto(retention)));
        return Uni.createFrom().item(response.build());
    }

    private static List<Views.Choice> choices(List<PurposeConsent> consents) {
        return consents.stream()
                .map(consent -> new Views.Choice(ConsentMapper.toDomain(consent.getPurpose()), consent.getNoticeVersion(),
                        consent.getGranted()))
                .toList();
    }
}
