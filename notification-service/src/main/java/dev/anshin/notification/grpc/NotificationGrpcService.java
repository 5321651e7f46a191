package dev.anshin.notification.grpc;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import dev.anshin.api.common.v1.ItemResult;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.PageInfo;
import dev.anshin.api.notification.v1.AnswerUsageConfirmationRequest;
import dev.anshin.api.notification.v1.AnswerUsageConfirmationResponse;
import dev.anshin.api.notification.v1.DeadLetter;
import dev.anshin.api.notification.v1.ReportNotMeRequest;
import dev.anshin.api.notification.v1.ReportNotMeResponse;
import dev.anshin.api.notification.v1.GetPreferencesRequest;
import dev.anshin.api.notification.v1.GetPreferencesResponse;
import dev.anshin.api.notification.v1.ListDeadLettersRequest;
import dev.anshin.api.notification.v1.ListDeadLettersResponse;
import dev.anshin.api.notification.v1.ListNotificationsRequest;
import dev.anshin.api.notification.v1.ListNotificationsResponse;
import dev.anshin.api.notification.v1.MutinyNotificationServiceGrpc;
import dev.anshin.api.notification.v1.NotifyLoginRequest;
import dev.anshin.api.notification.v1.NotifyLoginResponse;
import dev.anshin.api.notification.v1.NotifyAuthenticationChallengeRequest;
import dev.anshin.api.notification.v1.NotifyAuthenticationChallengeResponse;
import dev.anshin.api.notification.v1.NotifyCardStatusChangeRequest;
import dev.anshin.api.notification.v1.NotifyStatementReadyRequest;
import dev.anshin.api.notification.v1.NotifyStatementReadyResponse;
import dev.anshin.api.notification.v1.NotifyCardStatusChangeResponse;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.NotifyUsageResponse;
import dev.anshin.api.notification.v1.NotifyUsagesRequest;
import dev.anshin.api.notification.v1.NotifyUsagesResponse;
import dev.anshin.api.notification.v1.Preferences;
import dev.anshin.api.notification.v1.ResendDeadLetterRequest;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.api.notification.v1.StartUsageConfirmationResponse;
import dev.anshin.api.notification.v1.ResendDeadLetterResponse;
import dev.anshin.api.notification.v1.UpdateContactDetailsRequest;
import dev.anshin.api.notification.v1.UpdateContactDetailsResponse;
import dev.anshin.api.notification.v1.UpdatePreferencesRequest;
import dev.anshin.api.notification.v1.UpdatePreferencesResponse;
import dev.anshin.api.notification.v1.AuthenticationCodeResult;
import dev.anshin.api.notification.v1.SendAuthenticationCodeRequest;
import dev.anshin.api.notification.v1.SendAuthenticationCodeResponse;
import dev.anshin.api.notification.v1.RegisterPushDeviceRequest;
import dev.anshin.api.notification.v1.RegisterPushDeviceResponse;
import dev.anshin.api.notification.v1.RemovePushDeviceRequest;
import dev.anshin.api.notification.v1.RemovePushDeviceResponse;
import dev.anshin.api.notification.v1.ExportMemberDataRequest;
import dev.anshin.api.notification.v1.ExportMemberDataResponse;
import dev.anshin.api.notification.v1.ListPushDevicesRequest;
import dev.anshin.api.notification.v1.ListPushDevicesResponse;
import dev.anshin.api.notification.v1.SendMarketingRequest;
import dev.anshin.api.notification.v1.SendMarketingResponse;
import dev.anshin.api.consent.v1.Purpose;
import dev.anshin.kit.cards.CardNumberText;
import dev.anshin.notification.DeliveryState;
import dev.anshin.notification.service.MarketingMessage;
import dev.anshin.notification.service.MemberDataExportService;
import dev.anshin.notification.service.MarketingService;
import dev.anshin.notification.service.PushDeviceService;
import jakarta.inject.Inject;
import dev.anshin.kit.auth.Caller;
import dev.anshin.kit.auth.Callers;
import dev.anshin.kit.error.DomainException;
import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.kit.grpc.GrpcErrors;
import dev.anshin.notification.CardState;
import dev.anshin.notification.Notification;
import dev.anshin.notification.QuietHours;
import dev.anshin.notification.UsageCategory;
import dev.anshin.notification.mapping.NotificationMapper;
import dev.anshin.notification.repository.NotificationRepository;
import dev.anshin.notification.service.AuthenticationChallenge;
import dev.anshin.notification.service.AuthenticationChallengeService;
import dev.anshin.notification.service.AuthenticationCode;
import dev.anshin.notification.service.AuthenticationCodeService;
import dev.anshin.notification.service.CardStatusNotice;
import dev.anshin.notification.service.CardStatusNoticeService;
import dev.anshin.notification.service.StatementReadyNotice;
import dev.anshin.notification.service.StatementReadyNoticeService;
import dev.anshin.notification.service.DeadLetterService;
import dev.anshin.notification.service.LoginNotice;
import dev.anshin.notification.service.LoginNoticeService;
import dev.anshin.notification.service.NotMeService;
import dev.anshin.notification.service.HeldPurchase;
import dev.anshin.notification.service.PreferenceChange;
import dev.anshin.notification.service.PreferenceService;
import dev.anshin.notification.service.UsageNotice;
import dev.anshin.notification.service.UsageConfirmationService;
import dev.anshin.notification.service.UsageNoticeService;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * {@code anshin.notification.v1.NotificationService}: maps messages and picks the caller; the rules are in
 * {@code service/}. Two-step for UpdateContactDetails is enforced before the call arrives (the kit's
 * StepUpInterceptor, from the contract).
 */
@GrpcService
@Blocking
public class NotificationGrpcService extends MutinyNotificationServiceGrpc.NotificationServiceImplBase {

    private static final Logger LOG = Logger.getLogger(NotificationGrpcService.class);

    /** An IPv4 or IPv6 address in text (its shape only: the notice shows what the identity provider saw). */
    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|(?=.*:)[0-9A-Fa-f:.]{2,45}");

    /** The contract's bound on one NotifyUsages call. */
    static final int MAX_USAGES_PER_CALL = 500;

    private final Callers callers;
    private final PreferenceService preferences;
    private final UsageNoticeService usages;
    private final LoginNoticeService logins;
    private final CardStatusNoticeService cardStatus;
    private final UsageConfirmationService confirmations;
    private final DeadLetterService deadLetters;
    private final NotificationRepository notifications;
    @jakarta.inject.Inject
    NotMeService notMe;
    @jakarta.inject.Inject
    AuthenticationCodeService authenticationCodes;
    @jakarta.inject.Inject
    AuthenticationChallengeService authenticationChallenges;

    public NotificationGrpcService(Callers callers, PreferenceService preferences, UsageNoticeService usages,
            LoginNoticeService logins, CardStatusNoticeService cardStatus, UsageConfirmationService confirmations,
            DeadLetterService deadLetters, NotificationRepository notifications) {
        this.callers = callers;
        this.preferences = preferences;
        this.usages = usages;
        this.logins = logins;
        this.cardStatus = cardStatus;
        this.confirmations = confirmations;
        this.deadLetters = deadLetters;
        this.notifications = notifications;
    }

    private static <T> Uni<T> answer(Supplier<T> call) {
        return Uni.createFrom().item(call);
    }

    @Override
    public Uni<GetPreferencesResponse> getPreferences(GetPreferencesRequest request) {
        return answer(() -> {
            Caller member = callers.member();
            return GetPreferencesResponse.newBuilder()
                    .setPreferences(NotificationMapper.toProto(preferences.get(member.id()))).build();
        });
    }

    @Override
    public Uni<UpdatePreferencesResponse> updatePreferences(UpdatePreferencesRequest request) {
        return answer(() -> {
            Caller member = callers.member();
            if (!request.hasPreferences()) {
                throw new InvalidRequestException("preferences are required");
            }
            Preferences p = request.getPreferences();
            Set<UsageCategory> categories = EnumSet.noneOf(UsageCategory.class);
            for (var category : p.getUsageCategoriesList()) {
                UsageCategory domain = NotificationMapper.toDomain(category);
                if (domain == null) {
                    throw new InvalidRequestException("usage_categories holds an unknown category");
                }
                categories.add(domain);
            }
            QuietHours quiet = p.hasQuietHours() ? QuietHours.parse(p.getQuietHours().getStart(), p.getQuietHours().getEnd()) : null;
            var change = new PreferenceChange(p.getUsageNotificationsEnabled(), p.getUsageThreshold().getAmount(),
                    categories, NotificationMapper.toDomain(p.getLanguage()),
                    p.hasLoginNotificationsEnabled() ? p.getLoginNotificationsEnabled() : null, quiet, p.getEmail(),
                    p.getPhoneNumber());
            return UpdatePreferencesResponse.newBuilder()
                    .setPreferences(NotificationMapper.toProto(preferences.update(member.id(), change))).build();
        });
    }

    @Override
    public Uni<UpdateContactDetailsResponse> updateContactDetails(UpdateContactDetailsRequest request) {
        return answer(() -> {
            Caller member = callers.member();
            var change = preferences.changeContactDetails(member.id(), request.getEmail(), request.getPhoneNumber());
            var response = UpdateContactDetailsResponse.newBuilder()
                    .setPreferences(NotificationMapper.toProto(change.preferences()));
            change.announcement().ifPresent(a -> response.setAnnouncement(NotificationMapper.toProto(a)));
            return response.build();
        });
    }

    @Override
    public Uni<NotifyLoginResponse> notifyLogin(NotifyLoginRequest request) {
        return answer(() -> {
            callers.require(Roles.LOGIN_EVENTS);
            var response = NotifyLoginResponse.newBuilder();
            logins.notify(login(request)).ifPresent(n -> response.setNotification(NotificationMapper.toProto(n)));
            return response.build();
        });
    }

    /** The login as the rules take it; INVALID_ARGUMENT for a field missing or out of shape (never echoed). */
    private static LoginNotice login(NotifyLoginRequest r) {
        if (r.getEventId().isEmpty() || r.getEventId().length() > 128) {
            throw new InvalidRequestException("event_id is required (at most 128 characters)");
        }
        if (r.getMemberId().getValue().isEmpty() || r.getMemberId().getValue().length() > 64) {
            throw new InvalidRequestException("member_id is required (at most 64 characters)");
        }
        if (!r.hasLoggedInAt()) {
            throw new InvalidRequestException("logged_in_at is required");
        }
        if (!IP_ADDRESS.matcher(r.getIpAddress()).matches()) {
            throw new InvalidRequestException("ip_address must be an IPv4 or IPv6 address");
        }
        if (r.getClient().isBlank() || r.getClient().length() > 100) {
            throw new InvalidRequestException("client is required (at most 100 characters)");
        }
        if (r.getDevice().length() > 200 || r.getApproximateLocation().length() > 200) {
            throw new InvalidRequestException("device and approximate_location take at most 200 characters");
        }
        LoginNotice.Method method = switch (r.getMethod()) {
            case LOGIN_METHOD_PASSWORD -> LoginNotice.Method.PASSWORD;
            case LOGIN_METHOD_TWO_STEP -> LoginNotice.Method.TWO_STEP;
            case LOGIN_METHOD_UNSPECIFIED -> LoginNotice.Method.UNKNOWN;
            default -> throw new InvalidRequestException("method is not a known login method");
        };
        return new LoginNotice(r.getEventId(), r.getMemberId().getValue(), NotificationMapper.instant(r.getLoggedInAt()),
                r.getIpAddress(), r.getClient(), method, r.getDevice().isBlank() ? null : r.getDevice(),
                r.getApproximateLocation().isBlank() ? null : r.getApproximateLocation());
    }

    @Override
    public Uni<NotifyUsageResponse> notifyUsage(NotifyUsageRequest request) {
        return answer(() -> {
            callers.require(Roles.CARD_CONTROL);
            var response = NotifyUsageResponse.newBuilder();
            usages.notify(usage(request)).ifPresent(n -> response.setNotification(NotificationMapper.toProto(n)));
            return response.build();
        });
    }

    /**
     * Each item on its own, in order: OK when its notice is presented, was presented before, or the preferences
     * filter it out (all three are done: card-control's relay marks them delivered); a bad item its own
     * INVALID_ARGUMENT, any other failure its status (the relay retries those).
     */
    @Override
    public Uni<NotifyUsagesResponse> notifyUsages(NotifyUsagesRequest request) {
        return answer(() -> {
            callers.require(Roles.CARD_CONTROL);
            if (request.getItemsCount() == 0 || request.getItemsCount() > MAX_USAGES_PER_CALL) {
                throw new InvalidRequestException("items must hold 1 to " + MAX_USAGES_PER_CALL + " usages");
            }
            // The well-formed items in one transaction; should it fail, each on its own (its own result, its own error).
            List<NotifyUsageRequest> items = request.getItemsList();
            List<UsageNotice> wellFormed = new ArrayList<>(items.size());
            boolean[] isWellFormed = new boolean[items.size()];
            for (int i = 0; i < items.size(); i++) {
                try {
                    wellFormed.add(usage(items.get(i)));
                    isWellFormed[i] = true;
                } catch (RuntimeException e) {
                    // answered below, by result(item)
                }
            }
            boolean batched = !wellFormed.isEmpty() && usages.notifyAll(wellFormed);
            var response = NotifyUsagesResponse.newBuilder();
            for (int i = 0; i < items.size(); i++) {
                response.addResults(batched && isWellFormed[i]
                        ? ItemResult.newBuilder().setKey(items.get(i).getEventId()).setCode(Status.Code.OK.value()).build()
                        : result(items.get(i)));
            }
            return response.build();
        });
    }

    private ItemResult result(NotifyUsageRequest item) {
        var result = ItemResult.newBuilder().setKey(item.getEventId());
        try {
            usages.notify(usage(item));
            return result.setCode(Status.Code.OK.value()).build();
        } catch (DomainException e) {
            return result.setCode(e.status().value()).setMessage(e.getMessage()).build();
        } catch (RuntimeException e) {
            var status = GrpcErrors.common(GrpcErrors.unwrap(e)).getStatus();
            if (status.getCode() == Status.Code.INTERNAL) {
                LOG.errorf(e, "usage notice %s failed", item.getEventId());
            }
            return result.setCode(status.getCode().value())
                    .setMessage(status.getDescription() == null ? "" : status.getDescription()).build();
        }
    }

    /** The usage as the rules take it; INVALID_ARGUMENT for a field missing or out of shape (never echoed). */
    private static UsageNotice usage(NotifyUsageRequest r) {
        requireEvent(r.getEventId(), r.getMemberId().getValue(), r.getCardLast4());
        requirePurchase(r.hasAmount(), r.getAmount().getAmount(), r.getMerchantName());
        UsageCategory category = NotificationMapper.toDomain(r.getCategory());
        if (category == null) {
            throw new InvalidRequestException("category is required");
        }
        if (!r.hasAuthorizedAt()) {
            throw new InvalidRequestException("authorized_at is required");
        }
        return new UsageNotice(r.getEventId(), r.getMemberId().getValue(), r.getCardId().getValue(), r.getCardLast4(),
                r.getAmount().getAmount(), r.getMerchantName(), category, NotificationMapper.instant(r.getAuthorizedAt()));
    }

    @Override
    public Uni<NotifyCardStatusChangeResponse> notifyCardStatusChange(NotifyCardStatusChangeRequest request) {
        return answer(() -> {
            callers.require(Roles.CARD_CONTROL);
            return NotifyCardStatusChangeResponse.newBuilder()
                    .setNotification(NotificationMapper.toProto(cardStatus.notify(cardStatusNotice(request)))).build();
        });
    }

    /** The change as the rules take it; INVALID_ARGUMENT for a field missing or out of shape (never echoed). */
    private static CardStatusNotice cardStatusNotice(NotifyCardStatusChangeRequest r) {
        requireEvent(r.getEventId(), r.getMemberId().getValue(), r.getCardLast4());
        CardState state;
        try {
            state = CardState.valueOf(r.getNewState());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("new_state must be one of ACTIVE, SUSPENDED, FRAUD_HOLD, CLOSED, AWAITING_ACTIVATION");
        }
        if (!r.getReason().matches("[A-Z_]{1,48}")) {
            throw new InvalidRequestException("reason is required: a reason name (capitals and underscores, at most 48)");
        }
        if (!r.hasOccurredAt()) {
            throw new InvalidRequestException("occurred_at is required");
        }
        return new CardStatusNotice(r.getEventId(), r.getMemberId().getValue(), r.getCardId().getValue(), r.getCardLast4(),
                state, r.getReason(), NotificationMapper.instant(r.getOccurredAt()));
    }

    /** OK with the confirmation, PENDING or UNDELIVERABLE (no phone on file: recorded, never an error to retry). */
    @Override
    public Uni<StartUsageConfirmationResponse> startUsageConfirmation(StartUsageConfirmationRequest request) {
        return answer(() -> {
            callers.require(Roles.CARD_CONTROL);
            return StartUsageConfirmationResponse.newBuilder()
                    .setConfirmation(NotificationMapper.toProto(confirmations.start(heldPurchase(request)))).build();
        });
    }

    @Override
    public Uni<SendAuthenticationCodeResponse> sendAuthenticationCode(SendAuthenticationCodeRequest request) {
        return answer(() -> {
            callers.require(Roles.CARD_CONTROL);
            AuthenticationCodeService.Outcome outcome = authenticationCodes.send(authenticationCode(request));
            var response = SendAuthenticationCodeResponse.newBuilder().setResult(outcome.undeliverable()
                    ? AuthenticationCodeResult.AUTHENTICATION_CODE_RESULT_UNDELIVERABLE
                    : AuthenticationCodeResult.AUTHENTICATION_CODE_RESULT_QUEUED);
            outcome.notification().ifPresent(n -> response.setNotification(NotificationMapper.toProto(n)));
            return response.build();
        });
    }

    /** The code to send as the rules take it; INVALID_ARGUMENT for a field missing or out of shape (never echoing the code). */
    private static AuthenticationCode authenticationCode(SendAuthenticationCodeRequest r) {
        requireEvent(r.getChallengeId(), r.getMemberId().getValue(), r.getCardLast4());
        if (r.getCardId().getValue().isEmpty() || r.getCardId().getValue().length() > 64) {
            throw new InvalidRequestException("card_id is required (at most 64 characters)");
        }
        requirePurchase(r.hasAmount(), r.getAmount().getAmount(), r.getMerchantName());
        if (!r.getCode().matches("[0-9]{6}")) {
            throw new InvalidRequestException("code must be 6 digits");
        }
        if (!r.hasExpiresAt()) {
            throw new InvalidRequestException("expires_at is required");
        }
        return new AuthenticationCode(r.getChallengeId(), r.getMemberId().getValue(), r.getCardId().getValue(),
                r.getCardLast4(), r.getAmount().getAmount(), r.getMerchantName(), r.getCode(),
                NotificationMapper.instant(r.getExpiresAt()));
    }

    /**
     * OK with the notice: QUEUED to the member's devices, or IN_APP_ONLY without one (recorded, never an error the
     * relay would retry); the same challenge again answers the first notice.
     */
    @Override
    public Uni<NotifyAuthenticationChallengeResponse> notifyAuthenticationChallenge(NotifyAuthenticationChallengeRequest request) {
        return answer(() -> {
            callers.require(Roles.CARD_CONTROL);
            return NotifyAuthenticationChallengeResponse.newBuilder()
                    .setNotification(NotificationMapper.toProto(authenticationChallenges.notify(authenticationChallenge(request))))
                    .build();
        });
    }

    /** The challenge as the rules take it; INVALID_ARGUMENT for a field missing or out of shape (never echoed). */
    private static AuthenticationChallenge authenticationChallenge(NotifyAuthenticationChallengeRequest r) {
        requireEvent(r.getChallengeId(), r.getMemberId().getValue(), r.getCardLast4());
        if (r.getCardId().getValue().isEmpty() || r.getCardId().getValue().length() > 64) {
            throw new InvalidRequestException("card_id is required (at most 64 characters)");
        }
        requirePurchase(r.hasAmount(), r.getAmount().getAmount(), r.getMerchantName());
        if (!"JPY".equals(r.getCurrency())) {
            throw new InvalidRequestException("currency must be JPY (amounts are whole yen)");
        }
        if (CardNumberText.containsCardNumber(r.getMerchantName())) {
            throw new InvalidRequestException("merchant_name must not hold a card number");
        }
        if (!r.hasExpiresAt()) {
            throw new InvalidRequestException("expires_at is required");
        }
        return new AuthenticationChallenge(r.getChallengeId(), r.getMemberId().getValue(), r.getCardId().getValue(),
                r.getCardLast4(), r.getAmount().getAmount(), r.getMerchantName(), NotificationMapper.instant(r.getExpiresAt()));
    }

    /** The held purchase as the rules take it; INVALID_ARGUMENT for a field missing or out of shape (never echoed). */
    private static HeldPurchase heldPurchase(StartUsageConfirmationRequest r) {
        requireEvent(r.getEventId(), r.getMemberId().getValue(), r.getCardLast4());
        if (r.getCardId().getValue().isEmpty() || r.getCardId().getValue().length() > 64) {
            throw new InvalidRequestException("card_id is required (at most 64 characters)");
        }
        requirePurchase(r.hasAmount(), r.getAmount().getAmount(), r.getMerchantName());
        if (!r.hasAttemptedAt()) {
            throw new InvalidRequestException("attempted_at is required");
        }
        return new HeldPurchase(r.getEventId(), r.getMemberId().getValue(), r.getCardId().getValue(), r.getCardLast4(),
                r.getAmount().getAmount(), r.getMerchantName(), NotificationMapper.instant(r.getAttemptedAt()));
    }

    /** What every event from card-control carries: its id, the card's member, the card's last four digits. */
    private static void requireEvent(String eventId, String memberId, String cardLast4) {
        if (eventId.isEmpty() || eventId.length() > 128) {
            throw new InvalidRequestException("event_id is required (at most 128 characters)");
        }
        if (memberId.isEmpty() || memberId.length() > 64) {
            throw new InvalidRequestException("member_id is required (at most 64 characters)");
        }
        if (!cardLast4.matches("[0-9]{4}")) {
            throw new InvalidRequestException("card_last4 must be four digits");
        }
    }

    /** What a purchase carries: an amount in whole yen and the merchant's name. */
    private static void requirePurchase(boolean hasAmount, long amountYen, String merchantName) {
        if (!hasAmount || amountYen < 0) {
            throw new InvalidRequestException("amount is required, 0 or more yen");
        }
        if (merchantName.isBlank() || merchantName.length() > 200) {
            throw new InvalidRequestException("merchant_name is required (at most 200 characters)");
        }
    }

    @Override
    public Uni<ListNotificationsResponse> listNotifications(ListNotificationsRequest request) {
        return answer(() -> {
            Caller caller = callers.memberOrOperator();
            String member;
            if (caller.isMember()) {
                if (request.hasMemberId() && !request.getMemberId().getValue().isEmpty()
                        && !request.getMemberId().getValue().equals(caller.id())) {
                    throw new InvalidRequestException("member_id is for operators; members list their own");
                }
                member = caller.id();
            } else {
                member = request.getMemberId().getValue();
                if (member.isEmpty()) {
                    throw new InvalidRequestException("member_id is required for an operator");
                }
            }
            int size = PageTokens.pageSize(request.getPage());
            PageTokens.Position after = PageTokens.decode("notifications:" + member, request.getPage().getPageToken());
            List<Notification> page = notifications.page(member, after.at(), after.id(), size + 1);
            var response = ListNotificationsResponse.newBuilder();
            page.stream().limit(size).forEach(n -> response.addNotifications(NotificationMapper.toProto(n)));
            var info = PageInfo.newBuilder();
            if (page.size() > size) {
                Notification last = page.get(size - 1);
                info.setNextPageToken(PageTokens.encode("notifications:" + member, last.createdAt, last.id));
            }
            return response.setPageInfo(info).build();
        });
    }

    @Override
    public Uni<ListDeadLettersResponse> listDeadLetters(ListDeadLettersRequest request) {
        return answer(() -> {
            callers.require(Roles.OPERATOR);
            int size = PageTokens.pageSize(request.getPage());
            PageTokens.Position after = PageTokens.decode("dead-letters", request.getPage().getPageToken());
            List<DeadLetterService.DeadLetter> page = deadLetters.list(after.at(), after.id(), size + 1);
            var response = ListDeadLettersResponse.newBuilder();
            List<DeadLetter> shown = new ArrayList<>();
            for (var letter : page.subList(0, Math.min(size, page.size()))) {
                var d = letter.delivery();
                shown.add(DeadLetter.newBuilder()
                        .setDeliveryId(d.id)
                        .setNotificationId(d.notificationId)
                        .setMemberId(MemberId.newBuilder().setValue(letter.notification().memberId))
                        .setKind(NotificationMapper.toProto(letter.notification().kind))
                        .setChannel(NotificationMapper.toProto(d.channel))
                        .setAttempts(d.attempts)
                        .setLastError(Optional.ofNullable(d.lastError).orElse(""))
                        .setLastAttemptAt(NotificationMapper.timestamp(d.lastAttemptAt))
                        .build());
            }
            response.addAllDeadLetters(shown);
            var info = PageInfo.newBuilder();
            if (page.size() > size) {
                var last = page.get(size - 1).delivery();
                info.setNextPageToken(PageTokens.encode("dead-letters", last.lastAttemptAt, last.id));
            }
            return response.setPageInfo(info).build();
        });
    }

    @Override
    public Uni<ResendDeadLetterResponse> resendDeadLetter(ResendDeadLetterRequest request) {
        return answer(() -> {
            callers.require(Roles.OPERATOR);
            if (request.getDeliveryId().isEmpty()) {
                throw new InvalidRequestException("delivery_id is required");
            }
            return ResendDeadLetterResponse.newBuilder()
                    .setNotification(NotificationMapper.toProto(deadLetters.resend(request.getDeliveryId()))).build();
        });
    }

    // Push devices and marketing. Their services are injected into fields, not the constructor, so that this
    // adapter's constructor stays as other increments of issue 18 extend it.

    @Inject
    PushDeviceService pushDevices;

    @Inject
    MarketingService marketing;

    @Override
    public Uni<RegisterPushDeviceResponse> registerPushDevice(RegisterPushDeviceRequest request) {
        return answer(() -> {
            Caller member = callers.member();
            var registration = pushDevices.register(member.id(), request.getToken(),
                    NotificationMapper.toDomain(request.getPlatform()), request.getLabel());
            return RegisterPushDeviceResponse.newBuilder()
                    .setDevice(NotificationMapper.toProto(registration.device()))
                    .setCreated(registration.created()).build();
        });
    }

    @Override
    public Uni<RemovePushDeviceResponse> removePushDevice(RemovePushDeviceRequest request) {
        return answer(() -> {
            Caller member = callers.member();
            pushDevices.remove(member.id(), request.getDeviceId());
            return RemovePushDeviceResponse.getDefaultInstance();
        });
    }

    @Override
    public Uni<ListPushDevicesResponse> listPushDevices(ListPushDevicesRequest request) {
        return answer(() -> {
            Caller member = callers.member();
            var response = ListPushDevicesResponse.newBuilder();
            pushDevices.list(member.id()).forEach(d -> response.addDevices(NotificationMapper.toProto(d)));
            return response.build();
        });
    }

    /** The marketing purposes a message may serve (consent-service's optional purposes of Art. 2(1)① and ②). */
    private static final Set<String> MARKETING_PURPOSES = Set.of("MARKETING_OWN", "MARKETING_THIRD_PARTY");

    @Override
    public Uni<SendMarketingResponse> sendMarketing(SendMarketingRequest request) {
        return answer(() -> {
            callers.require(Roles.MARKETING);
            Notification notification = marketing.send(marketingMessage(request));
            var response = SendMarketingResponse.newBuilder()
                    .setSuppressed(notification.state == DeliveryState.SUPPRESSED)
                    .setAwaitingConsent(notification.state == DeliveryState.AWAITING_CONSENT);
            if (notification.state != DeliveryState.SUPPRESSED) {
                response.setNotification(NotificationMapper.toProto(notification));
            }
            return response.build();
        });
    }

    /** The message as the rules take it; INVALID_ARGUMENT for a field missing or out of shape (never echoed). */
    private static MarketingMessage marketingMessage(SendMarketingRequest r) {
        if (r.getEventId().isEmpty() || r.getEventId().length() > 128) {
            throw new InvalidRequestException("event_id is required (at most 128 characters)");
        }
        if (r.getMemberId().getValue().isEmpty() || r.getMemberId().getValue().length() > 64) {
            throw new InvalidRequestException("member_id is required (at most 64 characters)");
        }
        if (!MARKETING_PURPOSES.contains(r.getConsentPurpose())) {
            throw new InvalidRequestException("consent_purpose must be MARKETING_OWN or MARKETING_THIRD_PARTY");
        }
        for (String subject : List.of(r.getSubjectJa(), r.getSubjectEn())) {
            if (subject.isBlank() || subject.length() > 200) {
                throw new InvalidRequestException("subject_ja and subject_en are required (at most 200 characters)");
            }
        }
        for (String body : List.of(r.getBodyJa(), r.getBodyEn())) {
            if (body.isBlank() || body.length() > 4000) {
                throw new InvalidRequestException("body_ja and body_en are required (at most 4000 characters)");
            }
        }
        for (String text : List.of(r.getSubjectJa(), r.getSubjectEn(), r.getBodyJa(), r.getBodyEn())) {
            if (CardNumberText.containsCardNumber(text)) {
                throw new InvalidRequestException("a marketing text must not contain a card number");
            }
        }
        return new MarketingMessage(r.getEventId(), r.getMemberId().getValue(),
                Purpose.valueOf("PURPOSE_" + r.getConsentPurpose()), r.getSubjectJa(), r.getBodyJa(), r.getSubjectEn(),
                r.getBodyEn());
    }

    @Inject
    StatementReadyNoticeService statementReady;

    @Override
    public Uni<NotifyStatementReadyResponse> notifyStatementReady(NotifyStatementReadyRequest request) {
        return answer(() -> {
            callers.require(Roles.STATEMENT);
            return NotifyStatementReadyResponse.newBuilder()
                    .setNotification(NotificationMapper.toProto(statementReady.notify(statementReadyNotice(request)))).build();
        });
    }

    /** The statement as the notice takes it; INVALID_ARGUMENT for a field missing or out of shape (never echoed). */
    private static StatementReadyNotice statementReadyNotice(NotifyStatementReadyRequest r) {
        if (r.getStatementId().isEmpty() || r.getStatementId().length() > 128) {
            throw new InvalidRequestException("statement_id is required (at most 128 characters)");
        }
        if (r.getMemberId().getValue().isEmpty() || r.getMemberId().getValue().length() > 64) {
            throw new InvalidRequestException("member_id is required (at most 64 characters)");
        }
        java.time.LocalDate closing = calendarDate(r.hasClosingDate(), r.getClosingDate(), "closing_date");
        java.time.LocalDate payment = calendarDate(r.hasPaymentDate(), r.getPaymentDate(), "payment_date");
        if (!payment.isAfter(closing)) {
            throw new InvalidRequestException("payment_date must be after closing_date");
        }
        if (!r.hasTotal() || r.getTotal().getAmount() < 0) {
            throw new InvalidRequestException("total is required, 0 or more yen");
        }
        return new StatementReadyNotice(r.getStatementId(), r.getMemberId().getValue(), closing, payment,
                r.getTotal().getAmount());
    }

    private static java.time.LocalDate calendarDate(boolean present, dev.anshin.api.common.v1.CalendarDate date, String field) {
        if (!present) {
            throw new InvalidRequestException(field + " is required");
        }
        try {
            return java.time.LocalDate.of(date.getYear(), date.getMonth(), date.getDay());
        } catch (java.time.DateTimeException e) {
            throw new InvalidRequestException(field + " is not a date");
        }
    }

    /**
     * The member's answer (their own confirmation by id) or an SMS reply relayed by the provider's webhook (role
     * {@code sms-inbound}: the reply's sender and text, never an id).
     */
    @Override
    public Uni<AnswerUsageConfirmationResponse> answerUsageConfirmation(AnswerUsageConfirmationRequest request) {
        return answer(() -> {
            Caller caller = callers.require(Roles.MEMBER, Roles.SMS_INBOUND);
            var answered = caller.isMember()
                    ? memberAnswer(caller, request)
                    : smsAnswer(request);
            return AnswerUsageConfirmationResponse.newBuilder().setConfirmation(NotificationMapper.toProto(answered)).build();
        });
    }

    private dev.anshin.notification.UsageConfirmation memberAnswer(Caller member, AnswerUsageConfirmationRequest request) {
        if (request.hasSmsReply()) {
            throw new InvalidRequestException("sms_reply is for the SMS provider's webhook; members send confirmation_id");
        }
        return confirmations.answerInApp(member.id(), request.getConfirmationId(), request.getWasMember());
    }

    private dev.anshin.notification.UsageConfirmation smsAnswer(AnswerUsageConfirmationRequest request) {
        if (!request.hasSmsReply() || !request.getConfirmationId().isEmpty()) {
            throw new InvalidRequestException("the SMS webhook sends sms_reply (sender and text), not confirmation_id");
        }
        return confirmations.answerBySms(request.getSmsReply().getFromPhoneNumber(), request.getSmsReply().getText());
    }

    @Override
    public Uni<ReportNotMeResponse> reportNotMe(ReportNotMeRequest request) {
        return answer(() -> {
            Caller member = callers.member();
            var report = notMe.report(member.id());
            return ReportNotMeResponse.newBuilder().setReportId(report.id)
                    .setReportedAt(NotificationMapper.timestamp(report.reportedAt)).build();
        });
    }

    @Inject
    MemberDataExportService exports;

    @Override
    public Uni<ExportMemberDataResponse> exportMemberData(ExportMemberDataRequest request) {
        return answer(() -> {
            callers.require(Roles.PRIVACY_EXPORT);
            var data = exports.export(request.getMemberId().getValue());
            var response = ExportMemberDataResponse.newBuilder()
                    .setPreferences(NotificationMapper.toProto(data.preferences()));
            data.notifications().forEach(n -> response.addNotifications(NotificationMapper.toProto(n)));
            data.devices().forEach(d -> response.addPushDevices(NotificationMapper.toProto(d)));
            return response.build();
        });
    }
}
