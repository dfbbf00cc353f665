package dev.slimfit.worker.search.checkpoint;

/** What a checkpoint's network is. */
public enum Phase {
    /** The slimmable supernet of an OWS/AOWS search. */
    SUPERNET,
    /** A plain network: the decoded configuration being fine-tuned, or the uniform baseline being trained. */
    PLAIN
}
