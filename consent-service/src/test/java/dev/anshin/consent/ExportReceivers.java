package dev.anshin.consent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.protobuf.Message;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardControlServiceGrpc;
import dev.anshin.api.cardcontrol.v1.CardState;
import dev.anshin.api.cardcontrol.v1.CardTransition;
import dev.anshin.api.cardcontrol.v1.TransitionReason;
import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.Preferences;
import dev.anshin.api.statement.v1.Dispute;
import dev.anshin.api.statement.v1.DisputeStatus;
import dev.anshin.api.statement.v1.Statement;
import dev.anshin.api.statement.v1.StatementServiceGrpc;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Stand-ins for card-control-, notification- and statement-service's ExportMemberData (and card-control's
 * GetAccountStatus, for the bureau dates), on one gRPC server bound to 127.0.0.1 on a free port. Each answers what it holds on the member named (the member's id in the answer, so a test
 * sees which member was asked), or, as {@link #mode} says, is down (UNAVAILABLE) or has no export yet (UNIMPLEMENTED).
 * Every call's authorization header is kept.
 */
public class ExportReceivers implements QuarkusTestResourceLifecycleManager {

    enum Mode {
        ANSWERS, DOWN, UNIMPLEMENTED
    }

    static final Map<String, Mode> mode = new java.util.concurrent.ConcurrentHashMap<>();
    /** The "authorization" header of every call, by service. */
    static final List<String> authorizations = new CopyOnWriteArrayList<>();

    /** card-control's account end dates by member (GetAccountStatus); a member not named has a living account. */
    static final Map<String, java.time.LocalDate> accountEnds = new java.util.concurrent.ConcurrentHashMap<>();

    /** What a stand-in holds, changed by tests to prove a stored export does not follow. */
    static volatile String merchant = "アンシン書店";

    private Server server;

    static void reset() {
        mode.clear();
        authorizations.clear();
        accountEnds.clear();
        merchant = "アンシン書店";
    }

    private static <T extends Message> void answer(String service, StreamObserver<T> observer, T response) {
        switch (mode.getOrDefault(service, Mode.ANSWERS)) {
            case DOWN -> observer.onError(Status.UNAVAILABLE.withDescription("receiver is down").asRuntimeException());
            case UNIMPLEMENTED -> observer.onError(Status.UNIMPLEMENTED.withDescription("Method not found").asRuntimeException());
            case ANSWERS -> {
                observer.onNext(response);
                observer.onCompleted();
            }
        }
    }

    @Override
    public Map<String, String> start() {
        ServerInterceptor keepToken = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                String authorization = headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER));
                authorizations.add(authorization == null ? "" : authorization);
                return Contexts.interceptCall(io.grpc.Context.current(), call, headers, next);
            }
        };
        var cardControl = new CardControlServiceGrpc.CardControlServiceImplBase() {
            @Override
            public void exportMemberData(dev.anshin.api.cardcontrol.v1.ExportMemberDataRequest request,
                    StreamObserver<dev.anshin.api.cardcontrol.v1.ExportMemberDataResponse> observer) {
                String member = request.getMemberId().getValue();
                CardId card = CardId.newBuilder().setValue("card-of-" + member).build();
                answer("card-control", observer, dev.anshin.api.cardcontrol.v1.ExportMemberDataResponse.newBuilder()
                        .addCards(Card.newBuilder().setId(card).setBrand(CardBrand.CARD_BRAND_VISA).setLast4("4242")
                                .setState(CardState.CARD_STATE_ACTIVE).setContractLimit(Yen.newBuilder().setAmount(500_000)))
                        .addTransitions(CardTransition.newBuilder().setId("t-1").setCardId(card)
                                .setToState(CardState.CARD_STATE_ACTIVE).setReason(TransitionReason.TRANSITION_REASON_ISSUED))
                        .build());
            }

            @Override
            public void getAccountStatus(dev.anshin.api.cardcontrol.v1.GetAccountStatusRequest request,
                    StreamObserver<dev.anshin.api.cardcontrol.v1.GetAccountStatusResponse> observer) {
                var response = dev.anshin.api.cardcontrol.v1.GetAccountStatusResponse.newBuilder().setExists(true);
                var ended = accountEnds.get(request.getMemberId().getValue());
                if (ended != null) {
                    response.setEndedOn(dev.anshin.api.common.v1.CalendarDate.newBuilder().setYear(ended.getYear())
                            .setMonth(ended.getMonthValue()).setDay(ended.getDayOfMonth()));
                }
                answer("card-control", observer, response.build());
            }
        };
        var notification = new NotificationServiceGrpc.NotificationServiceImplBase() {
            @Override
            public void exportMemberData(dev.anshin.api.notification.v1.ExportMemberDataRequest request,
                    StreamObserver<dev.anshin.api.notification.v1.ExportMemberDataResponse> observer) {
                answer("notification", observer, dev.anshin.api.notification.v1.ExportMemberDataResponse.newBuilder()
                        .setPreferences(Preferences.newBuilder().setEmail(request.getMemberId().getValue() + "@example.jp")
                                .setUsageNotificationsEnabled(true))
                        .build());
            }
        };
        var statement = new StatementServiceGrpc.StatementServiceImplBase() {
            @Override
            public void exportMemberData(dev.anshin.api.statement.v1.ExportMemberDataRequest request,
                    StreamObserver<dev.anshin.api.statement.v1.ExportMemberDataResponse> observer) {
                answer("statement", observer, dev.anshin.api.statement.v1.ExportMemberDataResponse.newBuilder()
                        .addStatements(Statement.newBuilder().setId("st-" + request.getMemberId().getValue())
                                .setTotal(Yen.newBuilder().setAmount(12_800)))
                        .addDisputes(Dispute.newBuilder().setId("dp-1").setMerchantName(merchant)
                                .setStatus(DisputeStatus.DISPUTE_STATUS_RECEIVED))
                        .build());
            }
        };
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .addService(ServerInterceptors.intercept(cardControl, keepToken))
                    .addService(ServerInterceptors.intercept(notification, keepToken))
                    .addService(ServerInterceptors.intercept(statement, keepToken))
                    .build().start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String port = Integer.toString(server.getPort());
        // In test mode a gRPC client dials its test-port, not its port.
        return Map.ofEntries(
                Map.entry("quarkus.grpc.clients.card-control.host", "127.0.0.1"),
                Map.entry("quarkus.grpc.clients.card-control.test-port", port),
                Map.entry("quarkus.grpc.clients.notification.host", "127.0.0.1"),
                Map.entry("quarkus.grpc.clients.notification.test-port", port),
                Map.entry("quarkus.grpc.clients.statement.host", "127.0.0.1"),
                Map.entry("quarkus.grpc.clients.statement.test-port", port));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
