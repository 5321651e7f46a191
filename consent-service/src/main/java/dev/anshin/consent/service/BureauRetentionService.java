package dev.anshin.consent.service;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.api.cardcontrol.v1.GetAccountStatusResponse;
import dev.anshin.api.common.v1.CalendarDate;
import dev.anshin.consent.ConsentApplication;
import dev.anshin.consent.client.CardControlClient;
import dev.anshin.consent.repository.ConsentApplicationRepository;
import dev.anshin.consent.repository.ConsentEventRepository;
import dev.anshin.kit.auth.ServiceTokens;
import dev.anshin.kit.error.DomainException;
import dev.anshin.kit.error.NotFoundException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * How long the credit bureaus the issuer belongs to keep the member's records (Art. 3(3) of the clause): the fact of
 * an inquiry 6 months from the inquiry, made on the application (the date RecordApplicationConsent recorded it, in
 * Japan); contract and repayment facts while the contract lives and 5 years after it ends. Dates clamp to month end
 * (an application on 2025-08-31 is kept until 2026-02-28). The member gets the records themselves from each bureau.
 * <p>
 * The contract's end date is card-control's to tell (GetAccountStatus: the day in Japan the account's last card
 * closed, once every card is closed). While it is unset, or card-control holds no account for the member yet, the
 * contract entries say "while the contract lives" (no from date, no end date); an ended contract is kept until the end
 * date plus 5 years, clamped the same way ({@code LocalDate.plusYears}: 2024-02-29 → 2029-02-28). When card-control
 * cannot be asked, the answer is UNAVAILABLE (retry) rather than dates that might be wrong.
 */
@ApplicationScoped
public class BureauRetentionService {

    static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    static final int INQUIRY_KEPT_MONTHS = 6;
    static final int CONTRACT_KEPT_YEARS = 5;

    /** The bureaus of the clause, with where a member asks them for their record. */
    public enum Bureau {
        CIC("（株）シー・アイ・シー（CIC） フリーダイヤル 0120-810-414 https://www.cic.co.jp/"),
        JICC("（株）日本信用情報機構（JICC） ナビダイヤル 0570-055-955 https://www.jicc.co.jp/");

        public final String disclosureContact;

        Bureau(String disclosureContact) {
            this.disclosureContact = disclosureContact;
        }
    }

    /** One record's retention: from and until are null for a contract that still lives. */
    public record Retention(Bureau bureau, Kind kind, LocalDate from, LocalDate keptUntil) {
    }

    /** Kinds of bureau record. */
    public enum Kind {
        INQUIRY,
        CONTRACT
    }

    private final ConsentApplicationRepository applications;
    private final ConsentEventRepository events;
    private final CardControlClient cardControl;

    public BureauRetentionService(ConsentApplicationRepository applications, ConsentEventRepository events,
            CardControlClient cardControl) {
        this.applications = applications;
        this.events = events;
        this.cardControl = cardControl;
    }

    /**
     * The member's retention dates: per bureau, the inquiry of each recorded application, and the contract. A member
     * without a consent record has no contract with the issuer: NOT_FOUND.
     */
    public List<Retention> of(String memberId) {
        if (!events.hasAny(memberId)) {
            throw new NotFoundException("CONSENT_RECORD_NOT_FOUND", "no consent record for that member");
        }
        LocalDate ended = contractEndedOn(memberId);
        List<Retention> retentions = new ArrayList<>();
        for (Bureau bureau : Bureau.values()) {
            for (ConsentApplication application : applications.ofMember(memberId)) {
                LocalDate applied = LocalDate.ofInstant(application.recordedAt, JAPAN);
                retentions.add(new Retention(bureau, Kind.INQUIRY, applied, inquiryKeptUntil(applied)));
            }
            retentions.add(ended == null ? new Retention(bureau, Kind.CONTRACT, null, null)
                    : new Retention(bureau, Kind.CONTRACT, ended, contractKeptUntil(ended)));
        }
        return retentions;
    }

    /** The last day contract facts are kept after the contract ended on {@code ended}: 5 years on, clamped. */
    public static LocalDate contractKeptUntil(LocalDate ended) {
        return ended.plusYears(CONTRACT_KEPT_YEARS);
    }

    /** The account's end date from card-control; null while it lives (or card-control holds no account yet). */
    private LocalDate contractEndedOn(String memberId) {
        GetAccountStatusResponse status;
        try {
            status = cardControl.accountStatus(memberId);
        } catch (StatusRuntimeException | ServiceTokens.TokenUnavailable failure) {
            throw new AccountStatusUnavailable();
        }
        if (!status.hasEndedOn()) {
            return null;
        }
        CalendarDate date = status.getEndedOn();
        return LocalDate.of(date.getYear(), date.getMonth(), date.getDay());
    }

    /** card-control could not tell the account's end date: the bureau dates are not answered without it. */
    static class AccountStatusUnavailable extends DomainException {
        AccountStatusUnavailable() {
            super(Status.Code.UNAVAILABLE, "ACCOUNT_STATUS_UNAVAILABLE",
                    "card-control could not be asked for the contract's end date; try again shortly");
        }
    }

    /** The last day an inquiry on {@code inquired} is kept: 6 months on, clamped to the month's end. */
    public static LocalDate inquiryKeptUntil(LocalDate inquired) {
        return inquired.plusMonths(INQUIRY_KEPT_MONTHS);
    }
}
