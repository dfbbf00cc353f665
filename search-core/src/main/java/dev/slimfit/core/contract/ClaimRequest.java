package dev.slimfit.core.contract;

/**
 * The body a worker sends to claim a job, renew its lease ({@code heartbeat}) or hand it back ({@code release}):
 * who is asking. The API refuses a blank id or one longer than {@link #MAX_WORKER_ID} characters.
 */
public record ClaimRequest(String workerId) {

    public static final int MAX_WORKER_ID = 200;
}
