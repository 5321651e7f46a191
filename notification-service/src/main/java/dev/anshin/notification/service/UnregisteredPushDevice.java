package dev.anshin.notification.service;

/**
 * FCM answered that the registration token is no longer valid ({@code UNREGISTERED}, or 404): the app was removed or
 * the token replaced. The device is removed and the delivery not retried.
 */
public class UnregisteredPushDevice extends PermanentDeliveryFailure {

    public UnregisteredPushDevice(String message) {
        super(message);
    }
}
