package dev.anshin.statement.service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.anshin.kit.error.InvalidRequestException;

/**
 * What statement-service holds on a member, for consent-service's disclosure export (開示, ExportMemberData): the
 * statements of the last 12 months (closing on or after the same day 12 months back, in Japan), with lines and totals,
 * and every dispute with its history.
 */
@ApplicationScoped
public class MemberDataExportService {

    /** How far back a disclosure's statements go. */
    static final int STATEMENT_MONTHS = 12;

    /** The member's data, read in one transaction. */
    public record MemberData(List<StatementService.Detail> statements, List<DisputeService.Detail> disputes) {
    }

    private final StatementService statements;
    private final DisputeService disputes;
    private final Clock clock;

    public MemberDataExportService(StatementService statements, DisputeService disputes, Clock clock) {
        this.statements = statements;
        this.disputes = disputes;
        this.clock = clock;
    }

    @Transactional
    public MemberData export(String memberId) {
        if (memberId == null || memberId.isBlank() || memberId.length() > 64) {
            throw new InvalidRequestException("member_id is required (at most 64 characters)");
        }
        LocalDate from = LocalDate.now(clock.withZone(UsageService.TOKYO)).minusMonths(STATEMENT_MONTHS);
        return new MemberData(statements.closingSince(memberId, from), disputes.allOf(memberId));
    }
}
