package dev.anshin.bench;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import com.google.protobuf.Timestamp;

import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.Channel;
import dev.anshin.api.common.v1.Yen;

/**
 * The purchases the simulated card network asks about: a mix of where and how Japanese cardholders pay, a few thousand
 * yen each, on a card drawn uniformly from the fleet. Card-not-present (online) purchases carry the security code,
 * as e-commerce networks send it; card-present ones do not.
 */
final class Purchases {

    /** A place to pay and how often it appears (weights add up to 100). */
    private record Merchant(String name, String categoryCode, String country, Channel channel, int weight) {
    }

    private static final List<Merchant> MERCHANTS = List.of(
            // In store, in Japan: 60 %
            new Merchant("ファミリーマート 渋谷道玄坂店", "5499", "JP", Channel.CHANNEL_IN_STORE, 15),
            new Merchant("イオン 幕張新都心店", "5411", "JP", Channel.CHANNEL_IN_STORE, 12),
            new Merchant("すき家 新宿三丁目店", "5812", "JP", Channel.CHANNEL_IN_STORE, 10),
            new Merchant("JR東日本 みどりの窓口 東京駅", "4112", "JP", Channel.CHANNEL_IN_STORE, 8),
            new Merchant("マツモトキヨシ 池袋東口店", "5912", "JP", Channel.CHANNEL_IN_STORE, 8),
            new Merchant("ビックカメラ 有楽町店", "5732", "JP", Channel.CHANNEL_IN_STORE, 7),
            // Online, in Japan: 25 %
            new Merchant("アンシン書店 オンライン", "5942", "JP", Channel.CHANNEL_ONLINE, 10),
            new Merchant("サクラ電機 オンラインストア", "5732", "JP", Channel.CHANNEL_ONLINE, 8),
            new Merchant("フードデリバリー ハヤテ", "5814", "JP", Channel.CHANNEL_ONLINE, 7),
            // Online, abroad: 5 %
            new Merchant("STEAMWORKS GAMES", "5816", "US", Channel.CHANNEL_ONLINE, 3),
            new Merchant("LONDON THEATRE TICKETS", "7922", "GB", Channel.CHANNEL_ONLINE, 2),
            // In store, abroad: 5 %
            new Merchant("LOTTE DUTY FREE MYEONGDONG", "5309", "KR", Channel.CHANNEL_IN_STORE, 3),
            new Merchant("TAIPEI 101 MALL", "5311", "TW", Channel.CHANNEL_IN_STORE, 2),
            // Cash advance at an ATM in Japan: 5 %
            new Merchant("セブン銀行 ATM", "6011", "JP", Channel.CHANNEL_CASH, 5));

    private static final Merchant[] BY_PERCENT = new Merchant[100];

    static {
        int i = 0;
        for (Merchant m : MERCHANTS) {
            for (int w = 0; w < m.weight(); w++) {
                BY_PERCENT[i++] = m;
            }
        }
        if (i != 100) {
            throw new IllegalStateException("merchant weights add up to " + i + ", not 100");
        }
    }

    static final String DESCRIPTION = "60% in store in Japan, 25% online in Japan, 5% online abroad (US, GB), "
            + "5% in store abroad (KR, TW), 5% ATM cash in Japan; 1,000-9,999 yen (cash 5,000 or 10,000); "
            + "security code on online calls (30%)";

    private Purchases() {
    }

    static AuthorizeRequest next(SplittableRandom random, Fleet.CardDetails card, String authorizationId) {
        Merchant merchant = BY_PERCENT[random.nextInt(100)];
        long yen = merchant.channel() == Channel.CHANNEL_CASH
                ? (random.nextBoolean() ? 5_000 : 10_000)
                : 1_000 + random.nextInt(9_000);
        Instant now = Instant.now();
        AuthorizeRequest.Builder request = AuthorizeRequest.newBuilder()
                .setAuthorizationId(authorizationId)
                .setCardNumber(card.number())
                .setExpiry(card.expiry())
                .setAmount(Yen.newBuilder().setAmount(yen))
                .setMerchantName(merchant.name())
                .setMerchantCategoryCode(merchant.categoryCode())
                .setMerchantCountry(merchant.country())
                .setChannel(merchant.channel())
                .setRequestedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()));
        if (merchant.channel() == Channel.CHANNEL_ONLINE) {
            request.setSecurityCode(card.securityCode());
        }
        return request.build();
    }
}
