package dev.anshin.kit.testing;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;

import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Reads the machine-readable details a service puts in a refusal. */
public final class ErrorDetails {

    private ErrorDetails() {
    }

    public static String reason(StatusRuntimeException e) {
        return errorInfo(e).getReason();
    }

    public static ErrorInfo errorInfo(StatusRuntimeException e) {
        return detail(e, ErrorInfo.class);
    }

    public static long retryAfterSeconds(StatusRuntimeException e) {
        return detail(e, RetryInfo.class).getRetryDelay().getSeconds();
    }

    private static <T extends Message> T detail(StatusRuntimeException e, Class<T> type) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status != null) {
            for (Any detail : status.getDetailsList()) {
                if (detail.is(type)) {
                    try {
                        return detail.unpack(type);
                    } catch (InvalidProtocolBufferException ex) {
                        throw new AssertionError(ex);
                    }
                }
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + e.getStatus());
    }
}
