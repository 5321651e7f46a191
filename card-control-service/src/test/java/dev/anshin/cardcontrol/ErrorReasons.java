package dev.anshin.cardcontrol;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;

import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Reads the machine-readable details card-control puts in a refusal. */
final class ErrorReasons {

    private ErrorReasons() {
    }

    static String of(StatusRuntimeException e) {
        return detail(e, ErrorInfo.class).getReason();
    }

    static long retryAfterSeconds(StatusRuntimeException e) {
        return detail(e, RetryInfo.class).getRetryDelay().getSeconds();
    }

    private static <T extends com.google.protobuf.Message> T detail(StatusRuntimeException e, Class<T> type) {
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
