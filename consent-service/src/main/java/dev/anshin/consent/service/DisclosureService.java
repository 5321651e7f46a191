package dev.anshin.consent.service;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.api.common.v1.ActorKind;
import dev.anshin.consent.PrivacyRequest;
import dev.anshin.consent.PrivacyRequestKind;
import dev.anshin.consent.PrivacyRequestStatus;
import dev.anshin.consent.client.CardControlClient;
import dev.anshin.consent.client.NotificationClient;
import dev.anshin.consent.client.StatementClient;
import dev.anshin.consent.mapping.ConsentMapper;
import dev.anshin.consent.repository.ConsentEventRepository;
import dev.anshin.consent.repository.PrivacyDisclosureRepository;
import dev.anshin.consent.repository.PrivacyDisclosureRepository.StoredDisclosure;
import dev.anshin.consent.repository.PrivacyRequestRepository;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Disclosures (開示, APPI Art. 33) as a real export. When an operator moves a disclosure request in progress, its
 * export is gathered once, over gRPC, from every service that holds data on the member (card-control: cards masked
 * and their history; notification-service: preferences, notifications, push devices; statement-service: 12 months of
 * statements and the disputes; this service: the consent history and privacy requests), and kept with the move: the
 * member downloads what was disclosed, as it was then. A service that is down, or has no export (UNIMPLEMENTED), has
 * its section marked not available with the reason; the export is never refused for it. Credit-bureau records are the
 * bureaus' own: the export says where to ask for them.
 */
@ApplicationScoped
public class DisclosureService {

    /** The statuses in which a disclosure's export is given. */
    static final Set<PrivacyRequestStatus> DISCLOSED = EnumSet.of(PrivacyRequestStatus.IN_PROGRESS,
            PrivacyRequestStatus.COMPLETED, PrivacyRequestStatus.PARTIALLY_COMPLETED);

    private final PrivacyRequestService requests;
    private final PrivacyDisclosureRepository disclosures;
    private final ConsentEventRepository events;
    private final PrivacyRequestRepository privacyRequests;
    private final CardControlClient cardControl;
    private final NotificationClient notification;
    private final StatementClient statement;
    private final ConsentMapper mapper;

    public DisclosureService(PrivacyRequestService requests, PrivacyDisclosureRepository disclosures,
            ConsentEventRepository events, PrivacyRequestRepository privacyRequests, CardControlClient cardControl,
            NotificationClient notification, StatementClient statement, ConsentMapper mapper) {
        this.requests = requests;
        this.disclosures = disclosures;
        this.events = events;
        this.privacyRequests = privacyRequests;
        this.cardControl = cardControl;
        this.notification = notification;
        this.statement = statement;
        this.mapper = mapper;
    }

    /**
     * Moves a request one step along its flow (PrivacyRequestService's rules); a disclosure going in progress first
     * gathers its export, which is kept with the move. No transaction is open while the other services are asked.
     */
    public PrivacyRequest advance(String requestId, PrivacyRequestStatus to, String reason) {
        if (to == PrivacyRequestStatus.IN_PROGRESS) {
            PrivacyRequest current = requests.get(requestId, null);
            if (current.kind == PrivacyRequestKind.DISCLOSURE && current.status.next().contains(to)) {
                Instant gatheredAt = requests.instant();
                return requests.advanceWithDisclosure(requestId, to, reason, gatheredAt, gather(current, gatheredAt));
            }
        }
        return requests.advance(requestId, to, reason);
    }

    /** The member's own disclosure's export, as it was gathered. */
    public StoredDisclosure disclosure(String requestId, String memberId) {
        PrivacyRequest request = requests.get(requestId, memberId);
        if (request.kind != PrivacyRequestKind.DISCLOSURE) {
            throw DisclosureNotAvailable.notADisclosure();
        }
        if (!DISCLOSED.contains(request.status)) {
            throw DisclosureNotAvailable.notReady(request.status);
        }
        return disclosures.find(request.id).orElseThrow(() -> DisclosureNotAvailable.notReady(request.status));
    }

    private String gather(PrivacyRequest request, Instant gatheredAt) {
        String member = request.memberId;
        return new DisclosureDocument(request.id, member, gatheredAt)
                .section("cardControl", "card-control-service", () -> cardControl.exportMemberData(member))
                .section("notification", "notification-service", () -> notification.exportMemberData(member))
                .section("statement", "statement-service", () -> statement.exportMemberData(member))
                .ownSection("consent", ownRecord(member))
                .creditBureaus()
                .toJson();
    }

    /** This service's part: every consent event (oldest first) and every privacy request of the member. */
    private JsonObject ownRecord(String member) {
        JsonArray consentEvents = new JsonArray();
        events.inOrder(member).forEach(event -> {
            var shown = mapper.toProto(event);
            if (shown.getActor().getKind() != ActorKind.ACTOR_KIND_MEMBER) {
                // Who of the staff or which system recorded it is not the member's to see; the kind is.
                shown = shown.toBuilder().setActor(shown.getActor().toBuilder().clearId()).build();
            }
            consentEvents.add(DisclosureDocument.json(shown));
        });
        JsonArray filed = new JsonArray();
        var today = requests.today();
        privacyRequests.ofMember(member).forEach(r -> filed.add(DisclosureDocument.json(mapper.toProto(r, today))));
        return new JsonObject().put("consentEvents", consentEvents).put("privacyRequests", filed);
    }
}
