package dev.slimfit.core.contract;

/** What a team asked for, as stored with the job and sent to workers. */
public record JobSpec(SearchMethod method, String searchSpace, String dataset, Budget budget,
                      TrainingSettings training, int priority) {
}
