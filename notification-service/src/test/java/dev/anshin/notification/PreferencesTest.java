package dev.anshin.notification;

import static dev.anshin.notification.NotificationTestSupport.mailTo;
import static dev.anshin.notification.NotificationTestSupport.newEmail;
import static dev.anshin.notification.NotificationTestSupport.notificationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.Language;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.GetPreferencesRequest;
import dev.anshin.api.notification.v1.Preferences;
import dev.anshin.api.notification.v1.QuietHours;
import dev.anshin.api.notification.v1.UpdateContactDetailsRequest;
import dev.anshin.api.notification.v1.UpdatePreferencesRequest;
import dev.anshin.api.notification.v1.UsageCategory;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** A member's preferences: defaults, changes, bad input changing nothing, and contact details behind two-step. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
class PreferencesTest extends NotificationServiceTest {

    private Preferences get(String member) {
        return support.member(member).getPreferences(GetPreferencesRequest.getDefaultInstance()).getPreferences();
    }

    private Preferences update(String member, Preferences.Builder preferences) {
        return support.member(member).updatePreferences(UpdatePreferencesRequest.newBuilder().setPreferences(preferences).build())
                .getPreferences();
    }

    @Test
    void aMemberWhoNeverChangedThemHasTheDefaults() {
        Preferences defaults = get(GrpcTestClient.newMemberId());

        assertTrue(defaults.getUsageNotificationsEnabled());
        assertEquals(0, defaults.getUsageThreshold().getAmount());
        assertThat(defaults.getUsageCategoriesList()).as("every category").isEmpty();
        assertTrue(defaults.getLoginNotificationsEnabled());
        assertFalse(defaults.hasQuietHours());
        assertEquals(Language.LANGUAGE_JA, defaults.getLanguage());
        assertEquals("", defaults.getEmail());
        assertEquals("", defaults.getPhoneNumber());
    }

    @Test
    void preferencesAreStoredWholeWithAPasswordOnlyLogin() {
        String member = GrpcTestClient.newMemberId();

        support.as(Tokens.memberPasswordOnly(member)).updatePreferences(UpdatePreferencesRequest.newBuilder()
                .setPreferences(Preferences.newBuilder().setUsageNotificationsEnabled(true)
                        .setUsageThreshold(Yen.newBuilder().setAmount(30_000))
                        .addUsageCategories(UsageCategory.USAGE_CATEGORY_OVERSEAS)
                        .addUsageCategories(UsageCategory.USAGE_CATEGORY_ONLINE)
                        .setLoginNotificationsEnabled(false)
                        .setQuietHours(QuietHours.newBuilder().setStart("22:00").setEnd("07:00"))
                        .setLanguage(Language.LANGUAGE_EN)).build());

        Preferences stored = get(member);
        assertEquals(30_000, stored.getUsageThreshold().getAmount());
        assertThat(stored.getUsageCategoriesList()).containsExactly(UsageCategory.USAGE_CATEGORY_ONLINE,
                UsageCategory.USAGE_CATEGORY_OVERSEAS);
        assertFalse(stored.getLoginNotificationsEnabled());
        assertEquals("22:00", stored.getQuietHours().getStart());
        assertEquals("07:00", stored.getQuietHours().getEnd());
        assertEquals(Language.LANGUAGE_EN, stored.getLanguage());

        // A client that does not know the login switch leaves it as it was.
        Preferences later = update(member, stored.toBuilder().clearLoginNotificationsEnabled().clearQuietHours());
        assertFalse(later.getLoginNotificationsEnabled());
        assertFalse(later.hasQuietHours());
    }

    @Test
    void badPreferencesAreRefusedAndChangeNothing() {
        String member = GrpcTestClient.newMemberId();
        Preferences before = update(member, Preferences.newBuilder().setUsageNotificationsEnabled(true)
                .setUsageThreshold(Yen.newBuilder().setAmount(5_000)));

        for (Preferences.Builder bad : new Preferences.Builder[] {
            before.toBuilder().setUsageThreshold(Yen.newBuilder().setAmount(-1)),
            before.toBuilder().addUsageCategories(UsageCategory.USAGE_CATEGORY_UNSPECIFIED),
            before.toBuilder().setQuietHours(QuietHours.newBuilder().setStart("25:00").setEnd("07:00")),
            before.toBuilder().setQuietHours(QuietHours.newBuilder().setStart("07:00").setEnd("07:00")),
            before.toBuilder().setQuietHours(QuietHours.newBuilder().setStart("22:00")) }) {
            var refused = assertThrows(StatusRuntimeException.class, () -> update(member, bad));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(), bad.toString());
        }

        assertEquals(before, get(member));
    }

    @Test
    void contactChangeNeedsTwoStepAndIsAnnouncedToTheOldAddress() {
        String member = GrpcTestClient.newMemberId();
        String oldEmail = newEmail();
        String newEmail = newEmail();
        support.member(member).updateContactDetails(UpdateContactDetailsRequest.newBuilder().setEmail(oldEmail)
                .setPhoneNumber("+819012345678").build());

        // A password-only login: refused before the service sees it (the contract's step_up), nothing changes.
        var passwordOnly = assertThrows(StatusRuntimeException.class, () -> support.as(Tokens.memberPasswordOnly(member))
                .updateContactDetails(UpdateContactDetailsRequest.newBuilder().setEmail(newEmail).build()));
        // Nor through UpdatePreferences.
        var sideDoor = assertThrows(StatusRuntimeException.class, () -> update(member,
                get(member).toBuilder().setEmail(newEmail)));

        assertEquals(Status.Code.UNAUTHENTICATED, passwordOnly.getStatus().getCode());
        assertEquals("INSUFFICIENT_USER_AUTHENTICATION", ErrorDetails.reason(passwordOnly));
        assertEquals(Status.Code.INVALID_ARGUMENT, sideDoor.getStatus().getCode());
        assertEquals("CONTACT_CHANGE_NEEDS_TWO_STEP", ErrorDetails.reason(sideDoor));
        assertEquals(oldEmail, get(member).getEmail());

        var changed = support.member(member).updateContactDetails(UpdateContactDetailsRequest.newBuilder()
                .setEmail(newEmail).setPhoneNumber("+819087654321").build());
        relay.deliverDue(Instant.now());

        assertEquals(newEmail, changed.getPreferences().getEmail());
        assertEquals("+819087654321", get(member).getPhoneNumber());
        assertTrue(changed.hasAnnouncement());
        var toOld = mailTo(oldEmail);
        assertThat(toOld).as("announced to the old address").hasSize(1);
        assertThat(mailTo(newEmail)).as("not only to the new one").isEmpty();
        Notification announcement = notificationsOf(member).get(0);
        assertEquals(NotificationKind.CONTACT_CHANGE, announcement.kind);
        assertThat(announcement.body).contains("メールアドレス", "電話番号").doesNotContain(newEmail, "+819087654321");
    }

    @Test
    void malformedContactDetailsAreRefusedAndChangeNothing() {
        String member = GrpcTestClient.newMemberId();
        String email = newEmail();
        support.member(member).updateContactDetails(UpdateContactDetailsRequest.newBuilder().setEmail(email).build());

        var badEmail = assertThrows(StatusRuntimeException.class, () -> support.member(member)
                .updateContactDetails(UpdateContactDetailsRequest.newBuilder().setEmail("hanako at example.jp").build()));
        var badPhone = assertThrows(StatusRuntimeException.class, () -> support.member(member)
                .updateContactDetails(UpdateContactDetailsRequest.newBuilder().setEmail(email).setPhoneNumber("090-1234-5678").build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, badEmail.getStatus().getCode());
        assertThat(badEmail.getStatus().getDescription()).doesNotContain("hanako");
        assertEquals(Status.Code.INVALID_ARGUMENT, badPhone.getStatus().getCode());
        assertEquals(email, get(member).getEmail());
        assertEquals("", get(member).getPhoneNumber());
        assertThat(notificationsOf(member)).as("first address set: nobody to tell").isEmpty();
    }
}
