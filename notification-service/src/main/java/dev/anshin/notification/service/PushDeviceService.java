package dev.anshin.notification.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.kit.error.NotFoundException;
import dev.anshin.notification.PushDevice;
import dev.anshin.notification.PushPlatform;
import dev.anshin.notification.repository.PushDeviceRepository;

/**
 * The member's devices registered for push. One device per registration token (its SHA-256 is the unique key):
 * registering a token again is the same device; a token registered by another member moves to this one (the app on
 * that phone now signs in as this member, and the other member's notices must stop reaching it). A device of another
 * member is never told apart from one that does not exist. The token is never logged, never answered whole.
 */
@ApplicationScoped
public class PushDeviceService {

    private static final Logger LOG = Logger.getLogger(PushDeviceService.class);

    /** FCM registration tokens: URL-safe base64 and a colon, in practice about 160 characters. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_:\\-.]{32,4096}");

    private final PushDeviceRepository devices;
    private final Clock clock;

    public PushDeviceService(PushDeviceRepository devices, Clock clock) {
        this.devices = devices;
        this.clock = clock;
    }

    /** A device and whether this call created it. */
    public record Registration(PushDevice device, boolean created) {
    }

    @Transactional
    public Registration register(String memberId, String token, PushPlatform platform, String label) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            // Never echo the token.
            throw new InvalidRequestException("token must be an FCM registration token (32 to 4096 letters, digits, '-', '_', ':' or '.')");
        }
        if (platform == null) {
            throw new InvalidRequestException("platform must be ANDROID or IOS");
        }
        String cleanLabel = label == null || label.isBlank() ? null : label.strip();
        if (cleanLabel != null && (cleanLabel.length() > 100 || cleanLabel.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidRequestException("label takes at most 100 characters, no control characters");
        }
        String hash = sha256(token);
        var existing = devices.findByTokenHash(hash);
        if (existing.isPresent()) {
            PushDevice device = existing.get();
            if (device.memberId.equals(memberId)) {
                device.platform = platform;
                if (cleanLabel != null) {
                    device.label = cleanLabel;
                }
                return new Registration(device, false);
            }
            LOG.infof("push device %s moves to another member; removed from its previous one", device.id);
            devices.delete(device);
            devices.flush();
        }
        var device = new PushDevice();
        device.id = UUID.randomUUID().toString();
        device.memberId = memberId;
        device.token = token;
        device.tokenHash = hash;
        device.maskedToken = mask(token);
        device.platform = platform;
        device.label = cleanLabel;
        device.registeredAt = clock.instant();
        devices.persist(device);
        return new Registration(device, true);
    }

    /** Removes the member's device; another member's, or none: NOT_FOUND. */
    @Transactional
    public void remove(String memberId, String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            throw new InvalidRequestException("device_id is required");
        }
        PushDevice device = devices.findByIdOptional(deviceId)
                .filter(d -> d.memberId.equals(memberId))
                .orElseThrow(() -> new NotFoundException("PUSH_DEVICE_NOT_FOUND", "no such push device"));
        devices.delete(device);
    }

    @Transactional
    public List<PushDevice> list(String memberId) {
        return devices.ofMember(memberId);
    }

    /** The first and last four characters: enough for the member to tell devices apart, useless to anyone else. */
    static String mask(String token) {
        return token.substring(0, 4) + "…" + token.substring(token.length() - 4);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
