package dev.slimfit.core.decode;

/** One non-dominated (score, cost) point of a decoded Pareto front, and the budget that produced it. */
public record ParetoPoint(Decoded decoded, double budget) {

    public double unaryScore() {
        return decoded.unaryScore();
    }

    public double cost() {
        return decoded.cost();
    }
}
