package dev.anshin.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.anshin.api.notification.v1.RegisterPushDeviceResponse;
import dev.anshin.gateway.client.NotificationClient;
import dev.anshin.gateway.problem.Problem;
import io.quarkus.security.Authenticated;

/**
 * The signed-in member's devices registered for push (notification-service): the mobile backend registers the app's
 * FCM registration token after sign-in and removes it at sign-out. A normal login. The token is never answered whole;
 * another member's device is 404, as a missing one.
 */
@Path("/v1/push-devices")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Notifications")
@SecurityRequirement(name = "member")
@APIResponse(responseCode = "401", description = "Not signed in", content = @Content(mediaType = Problem.MEDIA_TYPE,
        schema = @Schema(implementation = Problem.class)))
public class PushDeviceResource {

    private final NotificationClient notification;
    private final IdempotentPosts idempotentPosts;

    public PushDeviceResource(NotificationClient notification, IdempotentPosts idempotentPosts) {
        this.notification = notification;
        this.idempotentPosts = idempotentPosts;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a device of the member's app for push notices (its FCM registration token). The same "
            + "token again is the same device (200); a token another member registered moves to this member.")
    @Parameter(name = IdempotentPosts.HEADER, in = ParameterIn.HEADER, description = IdempotentPosts.HEADER_DESCRIPTION)
    @APIResponse(responseCode = "201", description = "Registered; the token masked",
            headers = @Header(name = "Location", description = "The device"),
            content = @Content(schema = @Schema(implementation = PushDeviceView.class)))
    @APIResponse(responseCode = "200", description = "The token was registered by this member before: the same device",
            content = @Content(schema = @Schema(implementation = PushDeviceView.class)))
    @APIResponse(responseCode = "400", description = "Malformed body, a token out of shape, an unknown platform, a label over 100 characters")
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key still runs (code IDEMPOTENCY_REQUEST_IN_PROGRESS)")
    @APIResponse(responseCode = "422", description = IdempotentPosts.KEY_REUSED)
    public Response register(PushDeviceRequests.Registration body) {
        PushDeviceRequests.Registration registration = PushDeviceRequests.Registration.require(body);
        return idempotentPosts.run(body, () -> {
            RegisterPushDeviceResponse registered = notification.registerPushDevice(registration.token(),
                    registration.platformProto(), registration.labelOrEmpty());
            return Response.status(registered.getCreated() ? Response.Status.CREATED : Response.Status.OK)
                    .header("Location", "/v1/push-devices/" + registered.getDevice().getId())
                    .entity(PushDeviceView.of(registered.getDevice())).build();
        });
    }

    @GET
    @Operation(summary = "The member's registered devices, newest first (tokens masked)")
    @APIResponse(responseCode = "200", description = "The devices",
            content = @Content(schema = @Schema(implementation = PushDeviceView.Page.class)))
    public PushDeviceView.Page list() {
        return PushDeviceView.Page.of(notification.listPushDevices());
    }

    @DELETE
    @Path("/{deviceId}")
    @Operation(summary = "Remove a device: no push goes to it any more (the app signs out, or the member removes a lost phone)")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such device of the member (code PUSH_DEVICE_NOT_FOUND)")
    public Response remove(@PathParam("deviceId") String deviceId) {
        notification.removePushDevice(deviceId);
        return Response.noContent().build();
    }
}
