package dev.anshin.kit.auth;

import java.time.Duration;
import java.util.Map;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;

import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;

/**
 * The sign-in an RPC demands of a person, as the contract declares it ({@code option (anshin.common.v1.step_up)} in
 * {@code proto/anshin/common/v1/step_up.proto}). Read from the method's own descriptor, so the service that enforces
 * it and the gateway that asks for it have one table: the contracts.
 *
 * @param acr the authentication context class the token's {@code acr} must equal
 * @param maxAge how old the sign-in ({@code auth_time}) may be; {@code null} for any age
 */
public record StepUpRequirement(String acr, Duration maxAge) {

    /** The option's full name; read by name so the kit needs no generated classes of its own. */
    static final String OPTION = "anshin.common.v1.step_up";

    /** The RPC's requirement, or {@code null} when it declares none. */
    public static StepUpRequirement of(MethodDescriptor<?, ?> method) {
        if (!(method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier supplier)) {
            return null;
        }
        return of(supplier.getMethodDescriptor());
    }

    /** The requirement a protobuf method descriptor declares, or {@code null}. */
    public static StepUpRequirement of(Descriptors.MethodDescriptor method) {
        for (Map.Entry<Descriptors.FieldDescriptor, Object> option : method.getOptions().getAllFields().entrySet()) {
            if (OPTION.equals(option.getKey().getFullName()) && option.getValue() instanceof Message stepUp) {
                String acr = (String) field(stepUp, "acr");
                long maxAgeSeconds = (Long) field(stepUp, "max_age_seconds");
                if (acr.isEmpty()) {
                    throw new IllegalStateException(method.getFullName() + " declares a step_up without an acr");
                }
                return new StepUpRequirement(acr, maxAgeSeconds > 0 ? Duration.ofSeconds(maxAgeSeconds) : null);
            }
        }
        return null;
    }

    private static Object field(Message message, String name) {
        return message.getField(message.getDescriptorForType().findFieldByName(name));
    }
}
