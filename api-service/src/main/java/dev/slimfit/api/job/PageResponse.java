package dev.slimfit.api.job;

import java.util.List;

/** One page of a listing, newest first. */
record PageResponse<T>(List<T> items, int page, int size, long totalItems, int totalPages) {
}
