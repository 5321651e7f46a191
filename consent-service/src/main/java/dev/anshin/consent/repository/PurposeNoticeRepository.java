package dev.anshin.consent.repository;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.consent.Purpose;
import dev.anshin.consent.PurposeNotice;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class PurposeNoticeRepository implements PanacheRepositoryBase<PurposeNotice, PurposeNotice.Key> {

    /** Every purpose's notice at one version, in the clause's order of the purposes. */
    public List<PurposeNotice> atVersion(String version) {
        List<PurposeNotice> notices = list("version", version);
        // The column holds names: sort by the enum, not alphabetically.
        notices.sort(Comparator.comparing(notice -> notice.purpose));
        return notices;
    }

    /**
     * The notice in effect at {@code now} for each purpose of one controller: the latest already in effect. A purpose
     * without one (a partner that published none for it) is absent.
     */
    public Map<Purpose, PurposeNotice> current(String controller, Instant now) {
        Map<Purpose, PurposeNotice> current = new EnumMap<>(Purpose.class);
        for (PurposeNotice notice : list("controller = ?1 and effectiveFrom <= ?2 order by effectiveFrom, version",
                controller, now)) {
            // Ascending: the last one seen of a purpose is its current notice.
            current.put(notice.purpose, notice);
        }
        return current;
    }

    /** The one notice of a purpose at a version, if published. */
    public Optional<PurposeNotice> find(Purpose purpose, String version) {
        return findByIdOptional(new PurposeNotice.Key(purpose, version));
    }

    /** The latest notice of a purpose by the issuer, in effect or not: a new version inherits what the purpose is. */
    public Optional<PurposeNotice> latestOfIssuer(Purpose purpose) {
        return find("purpose = ?1 and controller = ?2 order by effectiveFrom desc, version desc", purpose,
                PurposeNotice.ISSUER).firstResultOptional();
    }
}
