package dev.anshin.statement.grpc;

import java.util.ArrayList;
import java.util.List;

import java.time.LocalDate;

import dev.anshin.api.common.v1.ItemResult;
import dev.anshin.api.common.v1.PageInfo;
import dev.anshin.api.statement.v1.ExportMemberDataRequest;
import dev.anshin.api.statement.v1.ExportMemberDataResponse;
import dev.anshin.api.statement.v1.ChangePaymentMethodRequest;
import dev.anshin.api.statement.v1.ChangePaymentMethodResponse;
import dev.anshin.api.statement.v1.CloseCycleRequest;
import dev.anshin.api.statement.v1.CloseCycleResponse;
import dev.anshin.api.statement.v1.AdvanceDisputeRequest;
import dev.anshin.api.statement.v1.AdvanceDisputeResponse;
import dev.anshin.api.statement.v1.DisputeTransactionRequest;
import dev.anshin.api.statement.v1.DisputeTransactionResponse;
import dev.anshin.api.statement.v1.GetDisputeRequest;
import dev.anshin.api.statement.v1.GetDisputeResponse;
import dev.anshin.api.statement.v1.ListDisputesRequest;
import dev.anshin.api.statement.v1.ListDisputesResponse;
import dev.anshin.api.statement.v1.GetStatementRequest;
import dev.anshin.api.statement.v1.GetStatementResponse;
import dev.anshin.api.statement.v1.ListStatementsRequest;
import dev.anshin.api.statement.v1.ListStatementsResponse;
import dev.anshin.api.statement.v1.GetTransactionRequest;
import dev.anshin.api.statement.v1.GetTransactionResponse;
import dev.anshin.api.statement.v1.ListTransactionsRequest;
import dev.anshin.api.statement.v1.ListTransactionsResponse;
import dev.anshin.api.statement.v1.MutinyStatementServiceGrpc;
import dev.anshin.api.statement.v1.PostTransactionRequest;
import dev.anshin.api.statement.v1.PostTransactionResponse;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.api.statement.v1.RecordPaymentRequest;
import dev.anshin.api.statement.v1.RecordPaymentResponse;
import dev.anshin.api.statement.v1.RecordAuthorizationResponse;
import dev.anshin.api.statement.v1.RecordAuthorizationsRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationsResponse;
import dev.anshin.api.statement.v1.ReverseAuthorizationRequest;
import dev.anshin.api.statement.v1.ReverseAuthorizationResponse;
import dev.anshin.kit.auth.Caller;
import dev.anshin.kit.auth.Callers;
import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.statement.mapping.StatementMapper;
import dev.anshin.statement.service.MemberDataExportService;
import dev.anshin.statement.service.Approval;
import dev.anshin.statement.service.AuthorizationService;
import dev.anshin.statement.service.ClearingRecord;
import dev.anshin.statement.service.ClearingService;
import dev.anshin.statement.service.CycleClosing;
import dev.anshin.statement.service.DisputeService;
import dev.anshin.statement.service.PaymentMethodService;
import dev.anshin.statement.service.PaymentService;
import dev.anshin.statement.service.StatementService;
import dev.anshin.statement.service.UsageService;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Maps {@code anshin.statement.v1.StatementService} onto the rules in {@code service/}: who may call (roles, the
 * member from the token), messages in and out; nothing else lives here. Authentication applies to every RPC (application.properties,
 * {@code quarkus.http.auth.permission.grpc}); two-step where the contract declares it (the kit's StepUpInterceptor).
 */
@GrpcService
@Blocking
public class StatementGrpcService extends MutinyStatementServiceGrpc.StatementServiceImplBase {

    /** The list name in ListStatements' page tokens (the kit's, keyed by the closing date's epoch day). */
    private static final String STATEMENTS = "statements";
    private static final long LAST_CLOSING_EPOCH_DAY = LocalDate.of(2100, 1, 1).toEpochDay();

    private final Callers callers;
    private final PaymentService payments;
    private final AuthorizationService authorizations;
    private final ClearingService clearing;
    private final UsageService usage;
    private final CycleClosing closing;
    private final StatementService statements;
    private final PaymentMethodService paymentMethods;
    private final DisputeService disputes;
    private final StatementMapper mapper;

    public StatementGrpcService(Callers callers, AuthorizationService authorizations, ClearingService clearing,
            UsageService usage, CycleClosing closing, StatementService statements, PaymentMethodService paymentMethods,
            PaymentService payments, DisputeService disputes, StatementMapper mapper) {
        this.payments = payments;
        this.callers = callers;
        this.authorizations = authorizations;
        this.clearing = clearing;
        this.usage = usage;
        this.closing = closing;
        this.statements = statements;
        this.paymentMethods = paymentMethods;
        this.disputes = disputes;
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

    @Override
    public Uni<ChangePaymentMethodResponse> changePaymentMethod(ChangePaymentMethodRequest request) {
        var member = callers.member();
        var method = StatementMapper.toDomain(request.getPaymentMethod());
        var item = paymentMethods.change(member.id(), request.getTransactionId(), method, request.getInstallmentCount());
        return Uni.createFrom().item(ChangePaymentMethodResponse.newBuilder().setTransaction(mapper.toProto(item)).build());
    }

    @Override
    public Uni<CloseCycleResponse> closeCycle(CloseCycleRequest request) {
        callers.require(Roles.BILLING);
        if (!request.hasClosingDate()) {
            throw new InvalidRequestException("closing_date is required");
        }
        var closed = closing.close(StatementMapper.date(true, request.getClosingDate(), "closing_date"));
        return Uni.createFrom().item(CloseCycleResponse.newBuilder()
                .setStatementsCreated(closed.statementsCreated())
                .setChanged(closed.changed())
                .build());
    }

    @Override
    public Uni<ListStatementsResponse> listStatements(ListStatementsRequest request) {
        var member = callers.member();
        int pageSize = dev.anshin.kit.grpc.PageTokens.pageSize(request.getPage().getPageSize());
        var page = statements.list(member.id(), pageSize, statementsBefore(request.getPage().getPageToken()));
        var response = ListStatementsResponse.newBuilder();
        page.statements().forEach(statement -> response.addStatements(mapper.toProto(statement)));
        var pageInfo = PageInfo.newBuilder();
        if (page.nextBefore() != null) {
            pageInfo.setNextPageToken(dev.anshin.kit.grpc.PageTokens.encode(STATEMENTS, page.nextBefore().toEpochDay()));
        }
        return Uni.createFrom().item(response.setPageInfo(pageInfo).build());
    }

    @Override
    public Uni<GetStatementResponse> getStatement(GetStatementRequest request) {
        var member = callers.member();
        var detail = statements.get(member.id(), request.getStatementId());
        return Uni.createFrom().item(GetStatementResponse.newBuilder().setStatement(mapper.toProto(detail)).build());
    }

    @Override
    public Uni<RecordPaymentResponse> recordPayment(RecordPaymentRequest request) {
        callers.require(Roles.BILLING);
        var recorded = payments.record(request.getPaymentId(), request.getStatementId(),
                StatementMapper.toDomain(request.getResult()));
        return Uni.createFrom().item(RecordPaymentResponse.newBuilder()
                .setStatement(mapper.toProto(recorded.statement())).setChanged(recorded.changed()).build());
    }

    @Override
    public Uni<DisputeTransactionResponse> disputeTransaction(DisputeTransactionRequest request) {
        var member = callers.member();
        var filed = disputes.report(member.id(), request.getTransactionId(), request.getDescription());
        return Uni.createFrom().item(DisputeTransactionResponse.newBuilder()
                .setDispute(mapper.toProto(filed.dispute()))
                .setCreated(filed.created())
                .build());
    }

    @Override
    public Uni<ListDisputesResponse> listDisputes(ListDisputesRequest request) {
        Caller caller = callers.memberOrOperator();
        String memberId;
        if (caller.isMember()) {
            if (request.hasMemberId() || request.getStatusValue() != 0) {
                throw new InvalidRequestException("member_id and status are for operators; members list all their disputes");
            }
            memberId = caller.id();
        } else {
            memberId = request.hasMemberId() && !request.getMemberId().getValue().isEmpty()
                    ? request.getMemberId().getValue() : null;
        }
        var status = request.getStatusValue() == 0 ? null : StatementMapper.toDomain(request.getStatus());
        if (request.getStatusValue() != 0 && status == null) {
            throw new InvalidRequestException("status is not a dispute status");
        }
        int pageSize = dev.anshin.kit.grpc.PageTokens.pageSize(request.getPage().getPageSize());
        var page = disputes.list(memberId, status, pageSize,
                PageTokens.decode(memberId, status, request.getPage().getPageToken()));
        var response = ListDisputesResponse.newBuilder();
        page.disputes().forEach(dispute -> response.addDisputes(mapper.toProto(dispute)));
        var pageInfo = PageInfo.newBuilder();
        if (page.next() != null) {
            pageInfo.setNextPageToken(PageTokens.encode(memberId, status, page.next()));
        }
        return Uni.createFrom().item(response.setPageInfo(pageInfo).build());
    }

    @Override
    public Uni<GetDisputeResponse> getDispute(GetDisputeRequest request) {
        Caller caller = callers.memberOrOperator();
        var detail = disputes.get(caller.isMember() ? caller.id() : null, request.getDisputeId());
        return Uni.createFrom().item(GetDisputeResponse.newBuilder().setDispute(mapper.toProto(detail)).build());
    }

    @Override
    public Uni<AdvanceDisputeResponse> advanceDispute(AdvanceDisputeRequest request) {
        Caller operator = callers.require(Roles.OPERATOR);
        var status = StatementMapper.toDomain(request.getStatus());
        if (request.getStatusValue() != 0 && status == null) {
            throw new InvalidRequestException("status is not a dispute status");
        }
        var moved = disputes.advance(operator.id(), request.getDisputeId(), status, request.getReason());
        return Uni.createFrom().item(AdvanceDisputeResponse.newBuilder()
                .setDispute(mapper.toProto(moved.detail()))
                .setChanged(moved.changed())
                .build());
    }

    /** Where a page of statements starts: before the closing date in the token (null: from the newest). */
    private static LocalDate statementsBefore(String token) {
        if (token.isEmpty()) {
            return null;
        }
        long epochDay = dev.anshin.kit.grpc.PageTokens.decode(STATEMENTS, token);
        if (epochDay > LAST_CLOSING_EPOCH_DAY) {
            throw new InvalidRequestException("page_token is not a token of this list");
        }
        return LocalDate.ofEpochDay(epochDay);
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

    @jakarta.inject.Inject
    MemberDataExportService exports;

    @Override
    public Uni<ExportMemberDataResponse> exportMemberData(ExportMemberDataRequest request) {
        callers.require(Roles.PRIVACY_EXPORT);
        var data = exports.export(request.getMemberId().getValue());
        var response = ExportMemberDataResponse.newBuilder();
        data.statements().forEach(statement -> response.addStatements(mapper.toProto(statement)));
        data.disputes().forEach(dispute -> response.addDisputes(mapper.toDisclosed(dispute)));
        return Uni.createFrom().item(response.build());
    }
}
