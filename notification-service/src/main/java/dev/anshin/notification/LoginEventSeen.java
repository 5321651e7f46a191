package dev.anshin.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A login event already handled (a notice presented, or none wanted); kept for the reading's overlap window. */
@Entity
@Table(name = "login_event_seen")
public class LoginEventSeen {

    @Id
    @Column(name = "event_id", length = 64)
    public String eventId;

    @Column(nullable = false, length = 32)
    public String source;

    @Column(name = "event_time", nullable = false)
    public long eventTime;
}
