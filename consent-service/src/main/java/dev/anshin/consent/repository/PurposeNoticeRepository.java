package dev.anshin.consent.repository;

import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

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
}
