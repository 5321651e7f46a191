package dev.anshin.cardcontrol.grpc;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.anshin.api.cardcontrol.v1.CardPrincipal;
import dev.anshin.api.cardcontrol.v1.MutinyCreditServiceGrpc;
import dev.anshin.api.cardcontrol.v1.RecordStatementOverdueRequest;
import dev.anshin.api.cardcontrol.v1.RecordStatementOverdueResponse;
import dev.anshin.api.cardcontrol.v1.RecordStatementPaidRequest;
import dev.anshin.api.cardcontrol.v1.RecordStatementPaidResponse;
import dev.anshin.api.cardcontrol.v1.ReleaseAuthorizationRequest;
import dev.anshin.api.cardcontrol.v1.ReleaseAuthorizationResponse;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.cardcontrol.service.CreditService;
import dev.anshin.kit.auth.Callers;
import dev.anshin.kit.error.InvalidRequestException;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** Maps {@code anshin.cardcontrol.v1.CreditService} onto {@link CreditService}. statement-service's relay only. */
@GrpcService
@Blocking
public class CreditGrpcService extends MutinyCreditServiceGrpc.CreditServiceImplBase {

    private final Callers callers;
    private final CreditService credit;

    public CreditGrpcService(Callers callers, CreditService credit) {
        this.callers = callers;
        this.credit = credit;
    }

    @Override
    public Uni<ReleaseAuthorizationResponse> releaseAuthorization(ReleaseAuthorizationRequest request) {
        callers.require(Roles.STATEMENT);
        String reason = switch (request.getReason()) {
            case RELEASE_REASON_REVERSED -> "REVERSED";
            case RELEASE_REASON_EXPIRED -> "EXPIRED";
            default -> null;
        };
        var applied = credit.release(request.getEventId(), request.getAuthorizationId(), reason);
        return Uni.createFrom().item(ReleaseAuthorizationResponse.newBuilder().setApplied(applied.applied())
                .setReleased(Yen.newBuilder().setAmount(applied.amount())).build());
    }

    @Override
    public Uni<RecordStatementPaidResponse> recordStatementPaid(RecordStatementPaidRequest request) {
        callers.require(Roles.STATEMENT);
        Map<String, Long> byCard = new LinkedHashMap<>();
        for (CardPrincipal part : request.getCardsList()) {
            if (part.getCardId().getValue().isEmpty()) {
                throw new InvalidRequestException("cards[].card_id is required");
            }
            byCard.merge(part.getCardId().getValue(), part.getPrincipal().getAmount(), Math::addExact);
        }
        var applied = credit.statementPaid(request.getEventId(), request.getMemberId().getValue(),
                request.getStatementId(), request.getPrincipal().getAmount(), byCard);
        return Uni.createFrom().item(RecordStatementPaidResponse.newBuilder().setApplied(applied.applied()).build());
    }

    @Override
    public Uni<RecordStatementOverdueResponse> recordStatementOverdue(RecordStatementOverdueRequest request) {
        callers.require(Roles.STATEMENT);
        var applied = credit.statementOverdue(request.getEventId(), request.getMemberId().getValue(),
                request.getStatementId());
        return Uni.createFrom().item(RecordStatementOverdueResponse.newBuilder().setApplied(applied.applied()).build());
    }
}
