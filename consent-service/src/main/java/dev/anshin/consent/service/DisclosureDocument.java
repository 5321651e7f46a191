package dev.anshin.consent.service;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import dev.anshin.kit.auth.ServiceTokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The JSON of a disclosure's export (consent-service/README.md, "Disclosure export"): one section per service, each
 * either {@code available} with what the service answered (its contract's message in the proto3 JSON mapping), or not
 * available with the reason; and where to ask the credit bureaus for their records, which the issuer does not hold.
 */
final class DisclosureDocument {

    static final String FORMAT = "anshin-disclosure/1";

    private final JsonObject document = new JsonObject();
    private final JsonObject sections = new JsonObject();

    DisclosureDocument(String requestId, String memberId, Instant gatheredAt) {
        document.put("format", FORMAT)
                .put("requestId", requestId)
                .put("memberId", memberId)
                .put("gatheredAt", gatheredAt.toString())
                .put("sections", sections);
    }

    /** A section from a service's answer; a failure of the call makes it "not available", never the whole export. */
    DisclosureDocument section(String name, String service, Supplier<? extends Message> call) {
        JsonObject section = new JsonObject().put("service", service);
        try {
            section.put("available", true).put("data", json(call.get()));
        } catch (StatusRuntimeException failure) {
            section.put("available", false).put("reason", reason(service, failure.getStatus()));
        } catch (ServiceTokens.TokenUnavailable failure) {
            section.put("available", false).put("reason", "consent-service could not get its token to ask " + service);
        }
        sections.put(name, section);
        return this;
    }

    /** consent-service's own section: always available (it is read from this service's database). */
    DisclosureDocument ownSection(String name, JsonObject data) {
        sections.put(name, new JsonObject().put("service", "consent-service").put("available", true).put("data", data));
        return this;
    }

    /** The bureaus keep their own records: the member asks each of them. */
    DisclosureDocument creditBureaus() {
        JsonArray bureaus = new JsonArray();
        for (BureauRetentionService.Bureau bureau : BureauRetentionService.Bureau.values()) {
            bureaus.add(new JsonObject().put("bureau", bureau.name()).put("disclosureContact", bureau.disclosureContact));
        }
        document.put("creditBureaus", new JsonObject()
                .put("note", "Records held by the credit bureaus (inquiries, contract and repayment facts) are not part of "
                        + "this export: ask each bureau for its own disclosure. 信用情報機関が保有する情報は各機関へ開示を請求してください。")
                .put("bureaus", bureaus));
        return this;
    }

    String toJson() {
        return document.encodePrettily();
    }

    static JsonObject json(Message message) {
        try {
            return new JsonObject(JsonFormat.printer().print(message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a contract message could not be written as JSON", e);
        }
    }

    static JsonArray json(List<? extends Message> messages) {
        JsonArray array = new JsonArray();
        messages.forEach(message -> array.add(json(message)));
        return array;
    }

    /** Why a section is missing, in words a member can read; never the service's own message (it may say anything). */
    private static String reason(String service, Status status) {
        return switch (status.getCode()) {
            case UNIMPLEMENTED -> service + " has no disclosure export yet (UNIMPLEMENTED)";
            case UNAVAILABLE -> service + " could not be reached (UNAVAILABLE)";
            case DEADLINE_EXCEEDED -> service + " did not answer in time (DEADLINE_EXCEEDED)";
            default -> service + " refused to answer (" + status.getCode() + ")";
        };
    }
}
