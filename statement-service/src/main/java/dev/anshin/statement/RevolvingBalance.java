package dev.anshin.statement;

import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A member's revolving balance after the last statement that billed it (whole yen). */
@Entity
@Table(name = "revolving_balance")
public class RevolvingBalance {

    @Id
    @Column(name = "member_id")
    public String memberId;

    @Column(nullable = false)
    public long balance;

    @Column(name = "last_closing_date", nullable = false)
    public LocalDate lastClosingDate;
}
