package dev.anshin.consent.grpc;

import java.time.LocalDate;
import java.util.List;

import dev.anshin.api.common.v1.PageInfo;
import dev.anshin.api.consent.v1.AdvancePrivacyRequestRequest;
import dev.anshin.api.consent.v1.AdvancePrivacyRequestResponse;
import dev.anshin.api.consent.v1.FilePrivacyRequestRequest;
import dev.anshin.api.consent.v1.FilePrivacyRequestResponse;
import dev.anshin.api.consent.v1.GetDisclosureRequest;
import dev.anshin.api.consent.v1.GetDisclosureResponse;
import dev.anshin.api.consent.v1.GetPrivacyRequestRequest;
import dev.anshin.api.consent.v1.GetPrivacyRequestResponse;
import dev.anshin.api.consent.v1.ListPrivacyRequestsRequest;
import dev.anshin.api.consent.v1.ListPrivacyRequestsResponse;
import dev.anshin.api.consent.v1.MutinyPrivacyRequestServiceGrpc;
import dev.anshin.consent.PrivacyRequest;
import dev.anshin.consent.mapping.ConsentMapper;
import dev.anshin.consent.service.DisclosureService;
import dev.anshin.consent.service.PrivacyRequestService;
import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.kit.grpc.PageTokens;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Maps {@code anshin.consent.v1.PrivacyRequestService} onto {@link PrivacyRequestService}; no rules live here.
 * Members file and read their own requests (FilePrivacyRequest's two-step comes from the contract, the kit's
 * interceptor); operators read all, filter them and move them on. A member downloads a disclosure's export
 * (GetDisclosure: two-step no more than 5 minutes old, from the contract).
 */
@GrpcService
@Blocking
public class PrivacyRequestGrpcService extends MutinyPrivacyRequestServiceGrpc.PrivacyRequestServiceImplBase {

    private static final String REQUESTS_LIST = "privacy-requests";

    private final PrivacyRequestService requests;
    private final DisclosureService disclosures;
    private final Actors actors;
    private final ConsentMapper mapper;

    public PrivacyRequestGrpcService(PrivacyRequestService requests, DisclosureService disclosures, Actors actors,
            ConsentMapper mapper) {
        this.requests = requests;
        this.disclosures = disclosures;
        this.actors = actors;
        this.mapper = mapper;
    }

    @Override
    public Uni<FilePrivacyRequestResponse> filePrivacyRequest(FilePrivacyRequestRequest request) {
        var member = actors.actor(Roles.MEMBER);
        var filed = requests.file(member.id(), ConsentMapper.toDomain(request.getKind()), request.getDetails(),
                request.getElectronicDelivery());
        return Uni.createFrom().item(FilePrivacyRequestResponse.newBuilder().setRequest(mapper.toProto(filed, requests.today()))
                .build());
    }

    @Override
    public Uni<GetPrivacyRequestResponse> getPrivacyRequest(GetPrivacyRequestRequest request) {
        var found = requests.get(request.getRequestId(), actors.memberScope());
        return Uni.createFrom().item(GetPrivacyRequestResponse.newBuilder().setRequest(mapper.toProto(found, requests.today()))
                .build());
    }

    @Override
    public Uni<ListPrivacyRequestsResponse> listPrivacyRequests(ListPrivacyRequestsRequest request) {
        String memberScope = actors.memberScope();
        boolean filtered = request.getStatusValue() != 0 || request.getOverdueOnly();
        if (memberScope != null && filtered) {
            throw new InvalidRequestException("status and overdue_only are for operators; members list all their requests");
        }
        var status = request.getStatusValue() == 0 ? null : ConsentMapper.toDomain(request.getStatus());
        if (request.getStatusValue() != 0 && status == null) {
            throw new InvalidRequestException("status is unknown");
        }
        int size = PageTokens.pageSize(request.getPage().getPageSize());
        long before = PageTokens.decode(REQUESTS_LIST, request.getPage().getPageToken());
        // One more than the page: whether a next page exists, without a count.
        List<PrivacyRequest> found = requests.list(memberScope, status, request.getOverdueOnly(), before, size + 1);
        LocalDate today = requests.today();
        var response = ListPrivacyRequestsResponse.newBuilder();
        found.stream().limit(size).forEach(r -> response.addRequests(mapper.toProto(r, today)));
        var pageInfo = PageInfo.newBuilder();
        if (found.size() > size) {
            pageInfo.setNextPageToken(PageTokens.encode(REQUESTS_LIST, found.get(size - 1).seq));
        }
        return Uni.createFrom().item(response.setPageInfo(pageInfo).build());
    }

    @Override
    public Uni<AdvancePrivacyRequestResponse> advancePrivacyRequest(AdvancePrivacyRequestRequest request) {
        actors.actor(Roles.OPERATOR);
        String reason = request.getReason().isEmpty() ? request.getRejectionReason() : request.getReason();
        var moved = disclosures.advance(request.getRequestId(), ConsentMapper.toDomain(request.getStatus()), reason);
        return Uni.createFrom().item(AdvancePrivacyRequestResponse.newBuilder().setRequest(mapper.toProto(moved, requests.today()))
                .build());
    }

    @Override
    public Uni<GetDisclosureResponse> getDisclosure(GetDisclosureRequest request) {
        var member = actors.actor(Roles.MEMBER);
        var export = disclosures.disclosure(request.getRequestId(), member.id());
        return Uni.createFrom().item(GetDisclosureResponse.newBuilder()
                .setRequestId(export.requestId())
                .setGatheredAt(ConsentMapper.toProto(export.gatheredAt()))
                .setDocument(export.document())
                .build());
    }
}
