package dev.anshin.cardcontrol.grpc;

import dev.anshin.api.cardcontrol.v1.ActivateCardRequest;
import dev.anshin.api.cardcontrol.v1.ActivateCardResponse;
import dev.anshin.api.cardcontrol.v1.ExportMemberDataRequest;
import dev.anshin.api.cardcontrol.v1.ExportMemberDataResponse;
import dev.anshin.api.cardcontrol.v1.GetAccountStatusRequest;
import dev.anshin.api.cardcontrol.v1.GetAccountStatusResponse;
import dev.anshin.api.cardcontrol.v1.GetCardRequest;
import dev.anshin.api.cardcontrol.v1.GetCardResponse;
import dev.anshin.api.cardcontrol.v1.IssueCardRequest;
import dev.anshin.api.cardcontrol.v1.IssueCardResponse;
import dev.anshin.api.cardcontrol.v1.ListCardTransitionsRequest;
import dev.anshin.api.cardcontrol.v1.ListCardTransitionsResponse;
import dev.anshin.api.cardcontrol.v1.ListCardsRequest;
import dev.anshin.api.cardcontrol.v1.ListCardsResponse;
import dev.anshin.api.cardcontrol.v1.MutinyCardControlServiceGrpc;
import dev.anshin.api.cardcontrol.v1.RecordUsageConfirmationRequest;
import dev.anshin.api.cardcontrol.v1.RecordUsageConfirmationResponse;
import dev.anshin.api.cardcontrol.v1.SuspendMemberCardsRequest;
import dev.anshin.api.cardcontrol.v1.SuspendMemberCardsResponse;
import dev.anshin.api.cardcontrol.v1.PlaceFraudHoldRequest;
import dev.anshin.api.cardcontrol.v1.PlaceFraudHoldResponse;
import dev.anshin.api.cardcontrol.v1.ReleaseFraudHoldRequest;
import dev.anshin.api.cardcontrol.v1.ReleaseFraudHoldResponse;
import dev.anshin.api.cardcontrol.v1.ReportLossRequest;
import dev.anshin.api.cardcontrol.v1.ReportLossResponse;
import dev.anshin.api.cardcontrol.v1.RequestReissueRequest;
import dev.anshin.api.cardcontrol.v1.RequestReissueResponse;
import dev.anshin.api.cardcontrol.v1.ResumeCardRequest;
import dev.anshin.api.cardcontrol.v1.ResumeCardResponse;
import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsRequest;
import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsResponse;
import dev.anshin.api.cardcontrol.v1.SetUsableLimitRequest;
import dev.anshin.api.cardcontrol.v1.SetUsableLimitResponse;
import dev.anshin.api.cardcontrol.v1.SuspendCardRequest;
import dev.anshin.api.cardcontrol.v1.SuspendCardResponse;
import dev.anshin.api.common.v1.PageInfo;
import dev.anshin.cardcontrol.mapping.CardMapper;
import dev.anshin.cardcontrol.UsageConfirmationAnswer;
import dev.anshin.cardcontrol.service.CardService;
import dev.anshin.cardcontrol.service.MemberAnswerService;
import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.kit.grpc.PageTokens;
import com.google.protobuf.Timestamp;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/** Maps {@code anshin.cardcontrol.v1.CardControlService} onto {@link CardService}; no rules live here. */
@GrpcService
@Blocking
public class CardControlGrpcService extends MutinyCardControlServiceGrpc.CardControlServiceImplBase {

    private static final String TRANSITIONS_LIST = "card-transitions";

    private final CardService cards;
    private final Actors actors;
    private final CardMapper mapper;

    private final MemberAnswerService answers;
    private final ReadThreads reads;

    public CardControlGrpcService(CardService cards, Actors actors, CardMapper mapper, MemberAnswerService answers,
            ReadThreads reads) {
        this.cards = cards;
        this.actors = actors;
        this.mapper = mapper;
        this.answers = answers;
        this.reads = reads;
    }

    /** Read on {@link ReadThreads}, not the worker pool: the caller is taken here, on the call's own thread. */
    @Override
    @NonBlocking
    public Uni<ListCardsResponse> listCards(ListCardsRequest request) {
        var member = actors.member();
        return Uni.createFrom().item(() -> {
            var response = ListCardsResponse.newBuilder();
            cards.listCards(member).forEach(card -> response.addCards(mapper.toProto(card)));
            return response.build();
        }).runSubscriptionOn(reads);
    }

    @Override
    public Uni<GetCardResponse> getCard(GetCardRequest request) {
        var card = cards.getCard(actors.memberOrOperator(), request.getCardId().getValue());
        return Uni.createFrom().item(GetCardResponse.newBuilder().setCard(mapper.toProto(card)).build());
    }

    @Override
    public Uni<SuspendCardResponse> suspendCard(SuspendCardRequest request) {
        var change = cards.suspend(actors.memberOrOperator(), request.getCardId().getValue(), request.getComment());
        return Uni.createFrom().item(SuspendCardResponse.newBuilder()
                .setCard(mapper.toProto(change.card()))
                .setChanged(change.changed())
                .build());
    }

    @Override
    public Uni<ResumeCardResponse> resumeCard(ResumeCardRequest request) {
        var change = cards.resume(actors.memberOrOperator(), request.getCardId().getValue(), request.getComment());
        return Uni.createFrom().item(ResumeCardResponse.newBuilder()
                .setCard(mapper.toProto(change.card()))
                .setChanged(change.changed())
                .build());
    }

    @Override
    public Uni<ListCardTransitionsResponse> listCardTransitions(ListCardTransitionsRequest request) {
        int pageSize = PageTokens.pageSize(request.getPage().getPageSize());
        long before = PageTokens.decode(TRANSITIONS_LIST, request.getPage().getPageToken());
        var page = cards.history(actors.memberOrOperator(), request.getCardId().getValue(), before, pageSize);
        var response = ListCardTransitionsResponse.newBuilder();
        page.transitions().forEach(entry -> response.addTransitions(mapper.toProto(entry)));
        var pageInfo = PageInfo.newBuilder();
        if (page.nextBeforeSequenceNo() > 0) {
            pageInfo.setNextPageToken(PageTokens.encode(TRANSITIONS_LIST, page.nextBeforeSequenceNo()));
        }
        return Uni.createFrom().item(response.setPageInfo(pageInfo).build());
    }

    @Override
    public Uni<ReportLossResponse> reportLoss(ReportLossRequest request) {
        var outcome = cards.reportLoss(actors.memberOrOperator(), request.getCardId().getValue(),
                CardMapper.toDomain(request.getKind()), request.getComment());
        return Uni.createFrom().item(ReportLossResponse.newBuilder()
                .setClosedCard(mapper.toProto(outcome.card()))
                .setReplacement(mapper.toProto(outcome.replacement()))
                .build());
    }

    @Override
    public Uni<RequestReissueResponse> requestReissue(RequestReissueRequest request) {
        var outcome = cards.requestReissue(actors.memberOrOperator(), request.getCardId().getValue(),
                CardMapper.toDomain(request.getReason()), request.getComment());
        return Uni.createFrom().item(RequestReissueResponse.newBuilder()
                .setCard(mapper.toProto(outcome.card()))
                .setReplacement(mapper.toProto(outcome.replacement()))
                .build());
    }

    @Override
    public Uni<ActivateCardResponse> activateCard(ActivateCardRequest request) {
        var activation = cards.activate(actors.memberOrOperator(), request.getCardId().getValue());
        var response = ActivateCardResponse.newBuilder().setCard(mapper.toProto(activation.card()));
        if (activation.closedCard() != null) {
            response.setClosedCard(mapper.toProto(activation.closedCard()));
        }
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<SetUsableLimitResponse> setUsableLimit(SetUsableLimitRequest request) {
        if (!request.hasAmount()) {
            throw new InvalidRequestException("amount is required");
        }
        var change = cards.setUsableLimit(actors.memberOrOperator(), request.getCardId().getValue(),
                request.getAmount().getAmount(), CardMapper.entityVersion(request.getExpectedVersion()));
        var response = SetUsableLimitResponse.newBuilder().setCard(mapper.toProto(change.card()));
        if (change.creditReview() != null) {
            response.setCreditReviewRequestId(change.creditReview().id);
        }
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<RevealCardCredentialsResponse> revealCardCredentials(RevealCardCredentialsRequest request) {
        var credentials = cards.reveal(actors.member(), request.getCardId().getValue());
        return Uni.createFrom().item(RevealCardCredentialsResponse.newBuilder()
                .setCardNumber(credentials.cardNumber())
                .setExpiry(CardMapper.yearMonth(credentials.expiry()))
                .setSecurityCode(credentials.securityCode())
                .build());
    }

    @Override
    public Uni<PlaceFraudHoldResponse> placeFraudHold(PlaceFraudHoldRequest request) {
        var change = cards.placeFraudHold(actors.actor(Roles.OPERATOR, Roles.FRAUD_ENGINE),
                request.getCardId().getValue(), request.getComment());
        return Uni.createFrom().item(PlaceFraudHoldResponse.newBuilder()
                .setCard(mapper.toProto(change.card()))
                .setChanged(change.changed())
                .build());
    }

    @Override
    public Uni<ReleaseFraudHoldResponse> releaseFraudHold(ReleaseFraudHoldRequest request) {
        var change = cards.releaseFraudHold(actors.actor(Roles.OPERATOR, Roles.FRAUD_ENGINE),
                request.getCardId().getValue(), request.getComment());
        return Uni.createFrom().item(ReleaseFraudHoldResponse.newBuilder()
                .setCard(mapper.toProto(change.card()))
                .setChanged(change.changed())
                .build());
    }

    @Override
    public Uni<IssueCardResponse> issueCard(IssueCardRequest request) {
        var actor = actors.actor(Roles.CARD_ISSUER);
        Long contractLimit = request.hasContractLimit() ? request.getContractLimit().getAmount() : null;
        var card = cards.issue(actor, request.getMemberId().getValue(), CardMapper.toDomain(request.getBrand()),
                request.getNumberless(), contractLimit);
        return Uni.createFrom().item(IssueCardResponse.newBuilder().setCard(mapper.toProto(card)).build());
    }

    @Override
    public Uni<RecordUsageConfirmationResponse> recordUsageConfirmation(RecordUsageConfirmationRequest request) {
        var actor = actors.actor(Roles.NOTIFICATION);
        UsageConfirmationAnswer.Outcome outcome = switch (request.getOutcome()) {
            case USAGE_CONFIRMATION_OUTCOME_VERIFIED -> UsageConfirmationAnswer.Outcome.VERIFIED;
            case USAGE_CONFIRMATION_OUTCOME_DENIED -> UsageConfirmationAnswer.Outcome.DENIED;
            default -> throw new InvalidRequestException("outcome is required (VERIFIED or DENIED)");
        };
        var recorded = answers.recordUsageConfirmation(actor, request.getConfirmationId(), request.getAuthorizationId(),
                request.getMemberId().getValue(), outcome, request.hasAnsweredAt()
                        ? java.time.Instant.ofEpochSecond(request.getAnsweredAt().getSeconds(), request.getAnsweredAt().getNanos())
                        : null);
        var response = RecordUsageConfirmationResponse.newBuilder()
                .setCard(mapper.toProto(recorded.card()))
                .setFraudHoldPlaced(recorded.fraudHoldPlaced());
        if (recorded.retryAllowedUntil() != null) {
            response.setRetryAllowedUntil(Timestamp.newBuilder().setSeconds(recorded.retryAllowedUntil().getEpochSecond())
                    .setNanos(recorded.retryAllowedUntil().getNano()));
        }
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<SuspendMemberCardsResponse> suspendMemberCards(SuspendMemberCardsRequest request) {
        var actor = actors.actor(Roles.NOTIFICATION);
        var response = SuspendMemberCardsResponse.newBuilder();
        answers.suspendMemberCards(actor, request.getReportId(), request.getMemberId().getValue())
                .forEach(card -> response.addSuspendedCards(mapper.toProto(card)));
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<ExportMemberDataResponse> exportMemberData(ExportMemberDataRequest request) {
        actors.actor(Roles.PRIVACY_EXPORT);
        var data = cards.export(request.getMemberId().getValue());
        var response = ExportMemberDataResponse.newBuilder();
        data.cards().forEach(card -> response.addCards(mapper.toProto(card)));
        data.transitions().forEach(entry -> response.addTransitions(mapper.toDisclosed(entry)));
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<GetAccountStatusResponse> getAccountStatus(GetAccountStatusRequest request) {
        actors.actor(Roles.ACCOUNT_STATUS);
        var status = cards.accountStatus(request.getMemberId().getValue());
        var response = GetAccountStatusResponse.newBuilder().setExists(status.exists());
        if (status.endedOn() != null) {
            response.setEndedOn(dev.anshin.api.common.v1.CalendarDate.newBuilder().setYear(status.endedOn().getYear())
                    .setMonth(status.endedOn().getMonthValue()).setDay(status.endedOn().getDayOfMonth()));
        }
        return Uni.createFrom().item(response.build());
    }
}
