package dev.anshin.gateway.rest;

import dev.anshin.gateway.problem.InvalidInputException;

/** The {@code pageSize} query parameter of every paged route: a whole number from 1 to 100, 20 when absent. */
final class PageSizes {

    static final int DEFAULT = 20;
    static final int MAX = 100;

    private PageSizes() {
    }

    static int of(String pageSize) {
        if (pageSize == null) {
            return DEFAULT;
        }
        try {
            int size = Integer.parseInt(pageSize);
            if (size >= 1 && size <= MAX) {
                return size;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidInputException("invalid-page-size", "pageSize must be a whole number from 1 to " + MAX + ".");
    }
}
