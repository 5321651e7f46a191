package dev.anshin.notification;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** How far the login events of one identity provider have been read: the time of the newest one, epoch ms. */
@Entity
@Table(name = "login_event_cursor")
public class LoginEventCursor {

    @Id
    @Column(length = 32)
    public String source;

    @Column(name = "last_event_time", nullable = false)
    public long lastEventTime;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
