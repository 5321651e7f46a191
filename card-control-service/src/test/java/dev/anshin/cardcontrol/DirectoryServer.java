package dev.anshin.cardcontrol;

import java.util.UUID;

import dev.anshin.api.cardcontrol.v1.AuthenticateRequest;
import dev.anshin.api.cardcontrol.v1.CardholderAuthenticationServiceGrpc;
import dev.anshin.api.cardcontrol.v1.DeviceChannel;
import dev.anshin.api.cardcontrol.v1.DeviceInfo;
import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsResponse;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.kit.testing.Tokens;

/**
 * The 3-D Secure directory server as tests play it: a client-credentials token of client
 * {@code anshin-directory-server} with the {@code directory-server} role (as in gateway/keycloak/anshin-realm.json).
 */
final class DirectoryServer {

    static final String CLIENT = "anshin-directory-server";
    static final String ROLE = "directory-server";

    private final CardControlClient client;

    DirectoryServer(CardControlClient client) {
        this.client = client;
    }

    CardholderAuthenticationServiceGrpc.CardholderAuthenticationServiceBlockingStub stub() {
        return stub(Tokens.system(CLIENT, ROLE));
    }

    /** The member's app: the same service with the member's token. */
    CardholderAuthenticationServiceGrpc.CardholderAuthenticationServiceBlockingStub app(String memberId) {
        return stub(Tokens.member(memberId));
    }

    CardholderAuthenticationServiceGrpc.CardholderAuthenticationServiceBlockingStub stub(String token) {
        return CardholderAuthenticationServiceGrpc.newBlockingStub(client.channel(token));
    }

    /** An AReq for a domestic online purchase from a browser on {@code deviceId}. */
    static AuthenticateRequest.Builder areq(RevealCardCredentialsResponse details, long yen, String deviceId) {
        return AuthenticateRequest.newBuilder()
                .setDsTransactionId("ds-" + UUID.randomUUID())
                .setServerTransactionId("3dss-" + UUID.randomUUID())
                .setCardNumber(details.getCardNumber())
                .setExpiry(details.getExpiry())
                .setAmount(Yen.newBuilder().setAmount(yen))
                .setCurrency("JPY")
                .setMerchantName("アンシン書店 オンライン")
                .setMerchantCategoryCode("5942")
                .setMerchantCountry("JP")
                .setDeviceChannel(DeviceChannel.DEVICE_CHANNEL_BROWSER)
                .setDevice(DeviceInfo.newBuilder()
                        .setDeviceId(deviceId)
                        .setIpAddress("203.0.113.7")
                        .setUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)")
                        .setLanguage("ja-JP"));
    }
}
