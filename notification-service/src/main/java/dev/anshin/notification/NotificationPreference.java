package dev.anshin.notification;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A member's notification preferences. No row means the defaults: the member has never changed them. */
@Entity
@Table(name = "notification_preference")
public class NotificationPreference {

    /** The member (token subject). */
    @Id
    @Column(name = "member_id")
    public String memberId;

    /** 利用通知サービス on or off. */
    @Column(name = "usage_notifications_enabled", nullable = false)
    public boolean usageNotificationsEnabled;

    /** Whole yen: only purchases of at least this amount are notified (0: every purchase). */
    @Column(name = "usage_threshold", nullable = false)
    public long usageThreshold;

    /** The kinds of purchase to notify; empty means all. */
    @Convert(converter = UsageCategoriesConverter.class)
    @Column(name = "usage_categories", nullable = false, length = 100)
    public Set<UsageCategory> usageCategories = EnumSet.noneOf(UsageCategory.class);

    /** ログイン通知 on or off (on unless the member turned them off). */
    @Column(name = "login_notifications_enabled", nullable = false)
    public boolean loginNotificationsEnabled = true;

    /** Quiet hours, minutes after midnight in Japan time; both null: none. */
    @Column(name = "quiet_start_minute")
    public Short quietStartMinute;

    @Column(name = "quiet_end_minute")
    public Short quietEndMinute;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    public Language language;

    @Column(length = 254)
    public String email;

    /** E.164, e.g. +819012345678. */
    @Column(name = "phone_number", length = 16)
    public String phoneNumber;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
