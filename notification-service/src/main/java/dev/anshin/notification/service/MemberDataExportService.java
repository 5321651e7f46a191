package dev.anshin.notification.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.notification.Notification;
import dev.anshin.notification.NotificationPreference;
import dev.anshin.notification.PushDevice;
import dev.anshin.notification.repository.NotificationRepository;

/**
 * What notification-service holds on a member, for consent-service's disclosure export (開示, ExportMemberData): the
 * preferences, every notification as the member's history shows it (an authentication-code SMS is stored without its
 * code, so none can be disclosed), and the push devices (tokens masked by the mapping).
 */
@ApplicationScoped
public class MemberDataExportService {

    /** The member's data, read in one transaction. */
    public record MemberData(NotificationPreference preferences, List<Notification> notifications, List<PushDevice> devices) {
    }

    private final PreferenceService preferences;
    private final NotificationRepository notifications;
    private final PushDeviceService devices;

    public MemberDataExportService(PreferenceService preferences, NotificationRepository notifications,
            PushDeviceService devices) {
        this.preferences = preferences;
        this.notifications = notifications;
        this.devices = devices;
    }

    @Transactional
    public MemberData export(String memberId) {
        if (memberId == null || memberId.isBlank() || memberId.length() > 64) {
            throw new InvalidRequestException("member_id is required (at most 64 characters)");
        }
        return new MemberData(preferences.get(memberId), notifications.ofMember(memberId), devices.list(memberId));
    }
}
