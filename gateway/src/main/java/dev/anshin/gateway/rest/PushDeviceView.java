package dev.anshin.gateway.rest;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.api.notification.v1.PushDevice;

/** A push device as the member sees it: the registration token masked, never whole. */
@Schema(name = "PushDevice")
public record PushDeviceView(
        @Schema(description = "Opaque id (what DELETE /v1/push-devices/{id} takes)") String id,
        @Schema(enumeration = { "android", "ios" }) String platform,
        @Schema(description = "The app's name for the device; empty when none was given") String label,
        @Schema(description = "The token's first and last four characters", example = "fE3k…x9Qz") String maskedToken,
        @Schema(description = "When registered, ISO-8601 in UTC") String registeredAt) {

    static PushDeviceView of(PushDevice device) {
        return new PushDeviceView(device.getId(), ProtoNames.of(device.getPlatform(), "PUSH_PLATFORM_").toLowerCase(),
                device.getLabel(), device.getMaskedToken(),
                Instant.ofEpochSecond(device.getRegisteredAt().getSeconds(), device.getRegisteredAt().getNanos()).toString());
    }

    /** The member's devices. */
    @Schema(name = "PushDeviceList")
    public record Page(List<PushDeviceView> devices) {
        static Page of(List<PushDevice> devices) {
            return new Page(devices.stream().map(PushDeviceView::of).toList());
        }
    }
}
