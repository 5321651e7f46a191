package dev.anshin.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.api.notification.v1.PushPlatform;
import dev.anshin.gateway.problem.InvalidInputException;

/** The JSON body of {@code POST /v1/push-devices}, read strictly (see {@link StrictJson}). */
public final class PushDeviceRequests {

    private PushDeviceRequests() {
    }

    /** Platforms, as the REST API names them. */
    public enum Platform {
        android,
        ios
    }

    /**
     * A device of the member's app: its Firebase Cloud Messaging registration token. The token is a secret of the
     * device: it is passed to notification-service and never answered or logged whole.
     */
    @Schema(name = "PushDeviceRegistration")
    public record Registration(
            @Schema(required = true, description = "The FCM registration token (32 to 4096 characters)") String token,
            @Schema(required = true) Platform platform,
            @Schema(description = "The app's name for the device, at most 100 characters", example = "Hanako's Pixel") String label) {

        static Registration require(Registration body) {
            if (body == null) {
                throw new InvalidInputException("invalid-body", "A JSON body is required.");
            }
            if (body.token() == null || body.token().isBlank()) {
                throw new InvalidInputException("invalid-body", "Field 'token' is required: the device's FCM registration token.");
            }
            if (body.platform() == null) {
                throw new InvalidInputException("invalid-body", "Field 'platform' is required: android or ios.");
            }
            return body;
        }

        PushPlatform platformProto() {
            return platform == Platform.android ? PushPlatform.PUSH_PLATFORM_ANDROID : PushPlatform.PUSH_PLATFORM_IOS;
        }

        String labelOrEmpty() {
            return label == null ? "" : label;
        }
    }
}
