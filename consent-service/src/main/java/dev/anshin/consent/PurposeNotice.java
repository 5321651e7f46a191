package dev.anshin.consent;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/**
 * One version of a purpose's notice. Never edited once published: members consented to exactly this text, so a new
 * wording is a new version.
 */
@Entity
@Immutable
@Table(name = "purpose_notice")
@IdClass(PurposeNotice.Key.class)
public class PurposeNotice {

    /** The controller of the issuer's own notices; any other controller is a co-branding partner's id. */
    public static final String ISSUER = "issuer";

    /** Identifies a notice: the purpose and the version of its text. */
    public record Key(Purpose purpose, String version) implements Serializable {
    }

    @Id
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    public Purpose purpose;

    /** e.g. "2025-04". */
    @Id
    @Column(nullable = false, length = 16)
    public String version;

    /** True for a purpose an application cannot go without. */
    @Column(nullable = false)
    public boolean required;

    /** Where the purpose stands in the clause, e.g. "2(1)①". */
    @Column(nullable = false, length = 16)
    public String article;

    @Column(name = "text_ja", nullable = false, length = 2000)
    public String textJa;

    @Column(name = "text_en", nullable = false, length = 2000)
    public String textEn;

    @Column(name = "effective_from", nullable = false)
    public Instant effectiveFrom;

    /** {@link #ISSUER}, or the co-branding partner whose notice this is (Art. 10). */
    @Column(nullable = false, length = 64)
    public String controller;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public NoticeMechanism mechanism;

    /** {@link NoticeText#sha256(String, String)} of the two texts. */
    @Column(name = "text_sha256", nullable = false, length = 64)
    public String textSha256;
}
