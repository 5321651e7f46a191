package dev.anshin.statement.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.statement.CardTransaction;
import dev.anshin.statement.repository.CardTransactionRepository;

/**
 * The member's recent usage (最近のカードご利用一覧): pending and posted items, newest first, only ever the member's own.
 * Dates are calendar dates in Asia/Tokyo: {@code to} includes the whole of that day.
 */
@ApplicationScoped
public class UsageService {

    public static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;
    private static final Pattern ITEM_ID = Pattern.compile("[0-9A-Za-z-]{1,36}");
    private static final Pattern CARD_ID = Pattern.compile("[0-9A-Za-z-]{1,36}");

    private final CardTransactionRepository items;

    public UsageService(CardTransactionRepository items) {
        this.items = items;
    }

    /** Which items: one card's (or all), used from one JST date to another, inclusive (either open). */
    public record Filter(String cardId, LocalDate from, LocalDate to) {
    }

    /** Where a page ends: the key of its last item, newest first by use time, then id. */
    public record Position(Instant usedAt, String id) {
    }

    /** A page of items, and where the next one starts after (null on the last page). */
    public record Page(List<CardTransaction> items, Position next) {
    }

    /** The checked filter: a card id of the right shape, and {@code from} not after {@code to}. */
    public static Filter check(Filter filter) {
        if (filter.cardId() != null && !CARD_ID.matcher(filter.cardId()).matches()) {
            throw new InvalidRequestException("card_id must be at most 36 letters, digits or hyphens");
        }
        if (filter.from() != null && filter.to() != null && filter.from().isAfter(filter.to())) {
            throw new InvalidRequestException("from_date must not be after to_date");
        }
        return filter;
    }

    /** The page size asked for: 0 is the default; above the maximum, or negative, is refused. */
    public static int pageSize(int requested) {
        if (requested < 0 || requested > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("page_size must be from 0 (the default, " + DEFAULT_PAGE_SIZE + ") to "
                    + MAX_PAGE_SIZE);
        }
        return requested == 0 ? DEFAULT_PAGE_SIZE : requested;
    }

    /** One page of the member's items matching the filter, after {@code after} (null: from the newest). */
    @Transactional
    public Page list(String memberId, Filter filter, int pageSize, Position after) {
        Filter checked = check(filter);
        Instant from = checked.from() == null ? null : checked.from().atStartOfDay(TOKYO).toInstant();
        Instant to = checked.to() == null ? null : checked.to().plusDays(1).atStartOfDay(TOKYO).toInstant();
        // One more than the page: whether there is a next page, without a count.
        List<CardTransaction> found = items.page(memberId, checked.cardId(), from, to,
                after == null ? null : after.usedAt(), after == null ? null : after.id(), pageSize + 1);
        if (found.size() <= pageSize) {
            return new Page(found, null);
        }
        List<CardTransaction> page = found.subList(0, pageSize);
        CardTransaction last = page.get(pageSize - 1);
        return new Page(page, new Position(last.usedAt, last.id));
    }

    /** One of the member's items, in whatever state; another member's is not found. */
    @Transactional
    public CardTransaction get(String memberId, String id) {
        if (id == null || !ITEM_ID.matcher(id).matches()) {
            throw new InvalidRequestException("transaction_id is required (at most 36 letters, digits or hyphens)");
        }
        return items.findOwned(memberId, id).orElseThrow(TransactionNotFoundException::new);
    }
}
