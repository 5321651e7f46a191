package dev.anshin.consent.service;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.consent.ConsentApplication;
import dev.anshin.consent.repository.ConsentApplicationRepository;
import dev.anshin.consent.repository.ConsentEventRepository;
import dev.anshin.kit.error.NotFoundException;

/**
 * How long the credit bureaus the issuer belongs to keep the member's records (Art. 3(3) of the clause): the fact of
 * an inquiry 6 months from the inquiry, made on the application (the date RecordApplicationConsent recorded it, in
 * Japan); contract and repayment facts while the contract lives and 5 years after it ends. Dates clamp to month end
 * (an application on 2025-08-31 is kept until 2026-02-28). The member gets the records themselves from each bureau.
 * <p>
 * The contract's end date is card-control's to tell, and card-control exposes none yet: until it does, the contract
 * entries say "while the contract lives" (no from date, no end date). Once it does, the contract entry of an ended
 * contract is kept until the end date plus 5 years, clamped the same way ({@code LocalDate.plusYears}).
 */
@ApplicationScoped
public class BureauRetentionService {

    static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    static final int INQUIRY_KEPT_MONTHS = 6;

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

    public BureauRetentionService(ConsentApplicationRepository applications, ConsentEventRepository events) {
        this.applications = applications;
        this.events = events;
    }

    /**
     * The member's retention dates: per bureau, the inquiry of each recorded application, and the contract. A member
     * without a consent record has no contract with the issuer: NOT_FOUND.
     */
    public List<Retention> of(String memberId) {
        if (!events.hasAny(memberId)) {
            throw new NotFoundException("CONSENT_RECORD_NOT_FOUND", "no consent record for that member");
        }
        List<Retention> retentions = new ArrayList<>();
        for (Bureau bureau : Bureau.values()) {
            for (ConsentApplication application : applications.ofMember(memberId)) {
                LocalDate applied = LocalDate.ofInstant(application.recordedAt, JAPAN);
                retentions.add(new Retention(bureau, Kind.INQUIRY, applied, inquiryKeptUntil(applied)));
            }
            // card-control does not expose the account's end date yet: the contract lives as far as this service knows.
            retentions.add(new Retention(bureau, Kind.CONTRACT, null, null));
        }
        return retentions;
    }

    /** The last day an inquiry on {@code inquired} is kept: 6 months on, clamped to the month's end. */
    public static LocalDate inquiryKeptUntil(LocalDate inquired) {
        return inquired.plusMonths(INQUIRY_KEPT_MONTHS);
    }
}
