package dev.anshin.statement.grpc;

import java.util.ArrayList;
import java.util.List;

import dev.anshin.api.common.v1.ItemResult;
import dev.anshin.api.common.v1.PageInfo;
import dev.anshin.api.statement.v1.GetTransactionRequest;
import dev.anshin.api.statement.v1.GetTransactionResponse;
import dev.anshin.api.statement.v1.ListTransactionsRequest;
import dev.anshin.api.statement.v1.ListTransactionsResponse;
import dev.anshin.api.statement.v1.MutinyStatementServiceGrpc;
import dev.anshin.api.statement.v1.PostTransactionRequest;
import dev.anshin.api.statement.v1.PostTransactionResponse;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationResponse;
import dev.anshin.api.statement.v1.RecordAuthorizationsRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationsResponse;
import dev.anshin.api.statement.v1.ReverseAuthorizationRequest;
import dev.anshin.api.statement.v1.ReverseAuthorizationResponse;
import dev.anshin.kit.auth.Callers;
import dev.anshin.statement.mapping.StatementMapper;
import dev.anshin.statement.service.Approval;
import dev.anshin.statement.service.AuthorizationService;
import dev.anshin.statement.service.ClearingRecord;
import dev.anshin.statement.service.ClearingService;
import dev.anshin.statement.service.UsageService;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Maps {@code anshin.statement.v1.StatementService} onto the rules in {@code service/}: who may call (roles, the
 * member from the token), messages in and out; nothing else lives here. Statements, cycles and disputes are not built
 * yet: those inherited methods answer UNIMPLEMENTED. Authentication applies to every RPC (application.properties,
 * {@code quarkus.http.auth.permission.grpc}).
 */
@GrpcService
@Blocking
public class StatementGrpcService extends MutinyStatementServiceGrpc.StatementServiceImplBase {

    private final Callers callers;
    private final AuthorizationService authorizations;
    private final ClearingService clearing;
    private final UsageService usage;
    private final StatementMapper mapper;

    public StatementGrpcService(Callers callers, AuthorizationService authorizations, ClearingService clearing,
            UsageService usage, StatementMapper mapper) {
        this.callers = callers;
        this.authorizations = authorizations;
        this.clearing = clearing;
        this.usage = usage;
        this.mapper = mapper;
    }

    @Override
    public Uni<RecordAuthorizationResponse> recordAuthorization(RecordAuthorizationRequest request) {
        callers.require(Roles.CARD_CONTROL);
        var item = authorizations.record(approval(request));
        return Uni.createFrom().item(RecordAuthorizationResponse.newBuilder().setTransaction(mapper.toProto(item)).build());
    }

    @Override
    public Uni<RecordAuthorizationsResponse> recordAuthorizations(RecordAuthorizationsRequest request) {
        callers.require(Roles.CARD_CONTROL);
        List<Approval> approvals = new ArrayList<>(request.getItemsCount());
        request.getItemsList().forEach(item -> approvals.add(approval(item)));
        var response = RecordAuthorizationsResponse.newBuilder();
        for (AuthorizationService.Outcome outcome : authorizations.recordAll(approvals)) {
            response.addResults(ItemResult.newBuilder()
                    .setKey(outcome.authorizationId())
                    .setCode(outcome.code().value())
                    .setMessage(outcome.message()));
        }
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<PostTransactionResponse> postTransaction(PostTransactionRequest request) {
        callers.require(Roles.CLEARING);
        var item = clearing.post(new ClearingRecord(
                request.getTransactionId(),
                request.getAuthorizationId(),
                request.getMemberId().getValue(),
                StatementMapper.toDomain(request.getCard()),
                request.getMerchantName(),
                request.getAmount().getAmount(),
                StatementMapper.toDomain(request.getPaymentMethod()),
                request.getInstallmentCount(),
                StatementMapper.instant(request.hasUsedAt(), request.getUsedAt())));
        return Uni.createFrom().item(PostTransactionResponse.newBuilder().setTransaction(mapper.toProto(item)).build());
    }

    @Override
    public Uni<ReverseAuthorizationResponse> reverseAuthorization(ReverseAuthorizationRequest request) {
        callers.require(Roles.CLEARING);
        var reversal = clearing.reverse(request.getAuthorizationId(),
                StatementMapper.instant(request.hasReversedAt(), request.getReversedAt()));
        var response = ReverseAuthorizationResponse.newBuilder().setChanged(reversal.changed());
        if (reversal.item() != null) {
            response.setTransaction(mapper.toProto(reversal.item()));
        }
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<ListTransactionsResponse> listTransactions(ListTransactionsRequest request) {
        var member = callers.member();
        var filter = UsageService.check(new UsageService.Filter(
                request.hasCardId() && !request.getCardId().getValue().isEmpty() ? request.getCardId().getValue() : null,
                StatementMapper.date(request.hasFromDate(), request.getFromDate(), "from_date"),
                StatementMapper.date(request.hasToDate(), request.getToDate(), "to_date")));
        int pageSize = UsageService.pageSize(request.getPage().getPageSize());
        var after = PageTokens.decode(filter, request.getPage().getPageToken());
        var page = usage.list(member.id(), filter, pageSize, after);
        var response = ListTransactionsResponse.newBuilder();
        page.items().forEach(item -> response.addTransactions(mapper.toProto(item)));
        var pageInfo = PageInfo.newBuilder();
        if (page.next() != null) {
            pageInfo.setNextPageToken(PageTokens.encode(filter, page.next()));
        }
        return Uni.createFrom().item(response.setPageInfo(pageInfo).build());
    }

    @Override
    public Uni<GetTransactionResponse> getTransaction(GetTransactionRequest request) {
        var member = callers.member();
        var item = usage.get(member.id(), request.getTransactionId());
        return Uni.createFrom().item(GetTransactionResponse.newBuilder().setTransaction(mapper.toProto(item)).build());
    }

    private static Approval approval(RecordAuthorizationRequest request) {
        return new Approval(
                request.getAuthorizationId(),
                request.getMemberId().getValue(),
                StatementMapper.toDomain(request.getCard()),
                request.getMerchantName(),
                request.getAmount().getAmount(),
                StatementMapper.instant(request.hasAuthorizedAt(), request.getAuthorizedAt()));
    }
}
