package dev.anshin.cardcontrol;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A "this wasn't me" report as notification-service relays it; one per report id. The cards it suspended are rows of {@code not_me_suspended_card}. */
@Entity
@Table(name = "not_me_report")
public class NotMeReport {

    @Id
    @Column(name = "report_id")
    public String reportId;

    @Column(name = "member_id", nullable = false, updatable = false)
    public String memberId;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    public Instant recordedAt;
}
