package dev.anshin.notification;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** "This wasn't me": the member reported use or a login they did not make. Its effects are {@link FollowUp}s. */
@Entity
@Table(name = "not_me_report")
public class NotMeReport {

    @Id
    public String id;

    @Column(name = "member_id", nullable = false, updatable = false)
    public String memberId;

    @Column(name = "reported_at", nullable = false, updatable = false)
    public Instant reportedAt;
}
