package dev.slimfit.worker.method.enas4d;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.EarlyExitReport;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.cost.CostTables;
import dev.slimfit.core.cost.StagedCost;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.core.space.staged.StagedSpaces;
import dev.slimfit.worker.method.EpochTraining;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.MethodRegistry;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.method.SearchMethodPlugin;
import dev.slimfit.worker.search.DjlSearchEngine;
import dev.slimfit.worker.search.EngineSettings;
import dev.slimfit.worker.search.SearchListener;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.SearchRequest;
import dev.slimfit.worker.search.checkpoint.Checkpoint;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.staged.EarlyExitInference;
import dev.slimfit.worker.search.staged.ExitPolicy;
import dev.slimfit.worker.search.staged.ExitScores;
import dev.slimfit.worker.search.staged.StagedEvaluation;
import dev.slimfit.worker.search.staged.StagedNetwork;
import dev.slimfit.worker.search.staged.StagedSteps;
import dev.slimfit.worker.search.train.LearningRate;
import dev.slimfit.worker.search.train.Sgd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Benchmark (not a test; bench/enas4d/run.sh). Per seed and average-MAC budget, one real ENAS4D job on
 * Fashion-MNIST (supernet, search, fine-tune, evaluate: the method's own phases), with two bench phases woven in:
 * <ul>
 *   <li>before the search drops the supernet, the best static single-exit network within the budget (one
 *       configuration, one exit: the stem, the stages up to it and its head) is found by the same evolutionary
 *       search over the same supernet and copied out;</li>
 *   <li>after the method's fine-tune, that static network gets a fine-tune of the same length against the same
 *       teacher targets, its one exit trained.</li>
 * </ul>
 * The dynamic figures are the job's result after its fine-tune and threshold re-calibration (its typed
 * {@link EarlyExitReport}), with MSDNet's p-sweep thresholds on the same fine-tuned network beside them. UNIFORM
 * runs on {@code fmnist-small} at a MAC budget equal to the average-MAC budget with the same training images and the
 * same total epochs (supernet plus fine-tune). The supernet does not depend on the budget, so it is trained once
 * per seed and reused for the second budget. Accuracy and average MACs are measured on the 10,000 test images;
 * wall-clock milliseconds per image at batch 1 with real early exit (later stages are not run).
 * <p>
 * Arguments: trainImages supernetEpochs fineTuneEpochs seeds budgetFractions latencyImages (defaults 4000 4 2
 * 1,2,3 0.25,0.5 300); a budget fraction places the budget between the cheapest first exit and the largest
 * network's worst case.
 */
public final class Enas4dBench {

    private Enas4dBench() {
    }

    record Row(long seed, long budget, String network, double accuracy, double averageMacs, String shares,
               String configuration, double msPerImage) {
    }

    public static void main(String[] args) throws Exception {
        int trainImages = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int fineTuneEpochs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        long[] seeds = Arrays.stream((args.length > 3 ? args[3] : "1,2,3").split(",")).mapToLong(Long::parseLong)
                .toArray();
        double[] fractions = Arrays.stream((args.length > 4 ? args[4] : "0.25,0.5").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        int latencyImages = args.length > 5 ? Integer.parseInt(args[5]) : 300;
        StagedSpace space = StagedSpaces.find("fmnist-stages").orElseThrow();
        long cheapest = StagedCost.cumulativeMacs(space, space.smallest(), 0);
        long worst = StagedCost.worstCaseMacs(space, space.largest());
        long[] budgets = Arrays.stream(fractions).mapToLong(f -> (long) (cheapest + f * (worst - cheapest)))
                .toArray();
        EngineSettings settings = EngineSettings.defaults().withProgressInterval(Duration.ofSeconds(60));
        SearchSpace chain = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
        List<Row> rows = new ArrayList<>();
        long started = System.nanoTime();
        for (long seed : seeds) {
            TrainingSettings training = new TrainingSettings(epochs, fineTuneEpochs, 64, seed, trainImages);
            byte[][] supernet = {null};
            for (long budget : budgets) {
                BenchMethod bench = new BenchMethod(Enas4dSettings.defaults(), latencyImages, seed, rows, supernet);
                DjlSearchEngine engine = new DjlSearchEngine(settings, MethodRegistry.of(List.of(bench)));
                engine.run(SearchRequest.staged(UUID.randomUUID(), SearchMethod.ENAS4D, space, "fashion-mnist",
                        training, budget, Files.createTempDirectory("enas4d-bench"), 1), quiet());
                var macs = CostTables.macs(chain);
                if (budget < macs.minimumCost()) {
                    System.err.println("UNIFORM: budget " + budget + " below fmnist-small's cheapest "
                            + macs.minimumCost());
                    continue;
                }
                SearchOutcome u = new DjlSearchEngine(settings).run(new SearchRequest(UUID.randomUUID(),
                        SearchMethod.UNIFORM, chain, "fashion-mnist", training,
                        new BudgetCost(Budget.Kind.MACS, budget, macs, null), Files.createTempDirectory("uni"), 1),
                        quiet());
                rows.add(new Row(seed, budget, "UNIFORM (fmnist-small, " + (epochs + fineTuneEpochs)
                        + " epochs from scratch)", u.testAccuracy(), u.macs(), "-", Arrays.toString(u.widths()),
                        Double.NaN));
                System.err.printf("seed %d budget %d done after %.0f s%n", seed, budget,
                        (System.nanoTime() - started) / 1e9);
            }
        }
        print(rows);
        System.out.printf("%nwall %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static void print(List<Row> rows) {
        System.out.println("| seed | budget (avg MACs) | network | test accuracy | avg MACs (test) | exit shares (test)"
                + " | configuration | ms/image (batch 1) |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Row r : rows) {
            System.out.printf("| %d | %d | %s | %.4f | %.0f | %s | %s | %s |%n", r.seed(), r.budget(), r.network(),
                    r.accuracy(), r.averageMacs(), r.shares(), r.configuration(), ms(r.msPerImage()));
        }
        System.out.println();
        System.out.println("Means over seeds:");
        System.out.println("| budget | network | test accuracy (per seed) | mean | avg MACs (test) | ms/image |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            String kind = r.network().startsWith("static") ? "static single exit" : r.network();
            groups.computeIfAbsent(r.budget() + "|" + kind, k -> new ArrayList<>()).add(r);
        }
        groups.forEach((k, group) -> {
            String[] parts = k.split("\\|");
            StringBuilder each = new StringBuilder();
            group.forEach(r -> each.append(each.length() == 0 ? "" : ", ").append(String.format("%.4f",
                    r.accuracy())));
            double ms = group.stream().mapToDouble(Row::msPerImage).average().orElse(Double.NaN);
            System.out.printf("| %s | %s | %s | %.4f | %.0f | %s |%n", parts[0], parts[1], each,
                    group.stream().mapToDouble(Row::accuracy).average().orElse(Double.NaN),
                    group.stream().mapToDouble(Row::averageMacs).average().orElse(Double.NaN), ms(ms));
        });
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.3f", value);
    }

    private static SearchListener quiet() {
        return new SearchListener() {
            @Override
            public Stop stopRequested() {
                return Stop.NONE;
            }

            @Override
            public void progress(dev.slimfit.core.contract.JobProgress snapshot) {
            }

            @Override
            public void checkpointed(int epoch) {
            }
        };
    }

    /**
     * ENAS4D's phases with the static baseline woven in. {@code supernet[0]} holds the seed's trained supernet once
     * the first budget's job has trained it; a later job starts from it and skips the supernet phase.
     */
    private static final class BenchMethod implements SearchMethodPlugin<Enas4dState> {

        private final Enas4dSettings settings;
        private final Enas4dMethod method;
        private final int latencyImages;
        private final long seed;
        private final List<Row> rows;
        private final byte[][] supernet;
        private final boolean trainsSupernet;

        private StagedConfiguration staticConfiguration;
        private int staticExit;
        private NDManager staticManager;
        private StagedNetwork staticNetwork;
        private Sgd staticOptimizer;

        BenchMethod(Enas4dSettings settings, int latencyImages, long seed, List<Row> rows, byte[][] supernet) {
            this.settings = settings;
            this.method = new Enas4dMethod(settings);
            this.latencyImages = latencyImages;
            this.seed = seed;
            this.rows = rows;
            this.supernet = supernet;
            this.trainsSupernet = supernet[0] == null;
        }

        @Override
        public SearchMethod method() {
            return SearchMethod.ENAS4D;
        }

        @Override
        public void check(SearchRequest request) {
            method.check(request);
        }

        @Override
        public List<Phase<Enas4dState>> phases() {
            List<Phase<Enas4dState>> own = method.phases();
            Phase<Enas4dState> search = own.get(1);
            List<Phase<Enas4dState>> phases = new ArrayList<>();
            if (trainsSupernet) {
                phases.add(own.get(0));
            }
            phases.add(new Phase<>() {
                @Override
                public String name() {
                    return search.name();
                }

                @Override
                public ProgressSnapshot snapshot(JobContext job, Enas4dState state) {
                    return search.snapshot(job, state);
                }

                @Override
                public void run(Enas4dState state, PhaseRun run) {
                    if (supernet[0] == null) {
                        supernet[0] = state.supernet.encode();
                    }
                    findStatic(run.job(), state);
                    search.run(state, run);
                }
            });
            phases.add(own.get(2));
            phases.add(new StaticFineTune());
            phases.add(own.get(3));
            phases.add(new Phase<>() {
                @Override
                public String name() {
                    return "bench";
                }

                @Override
                public ProgressSnapshot snapshot(JobContext job, Enas4dState state) {
                    return StagedJob.largestSnapshot(job);
                }

                @Override
                public void run(Enas4dState state, PhaseRun run) {
                    measure(run.job(), state);
                }
            });
            return phases;
        }

        @Override
        public Enas4dState start(JobContext job) {
            Enas4dState state = new Enas4dState();
            SupernetPhase.newSupernet(job, state, supernet[0]);
            return state;
        }

        @Override
        public Enas4dState restore(JobContext job, Checkpoint checkpoint) {
            throw new IllegalStateException("the bench never resumes");
        }

        @Override
        public SearchOutcome outcome(JobContext job, Enas4dState state) {
            return state.outcome;
        }

        /** The best single-exit network within the budget, by the same search on the same supernet. */
        private void findStatic(JobContext job, Enas4dState state) {
            StagedSpace space = StagedJob.searchable(job);
            long budget = StagedJob.budget(job);
            SearchPhase scoring = new SearchPhase(settings);
            int[] labels = job.data().validation().labels();
            EvolutionarySearch search = new EvolutionarySearch(space, settings,
                    c -> staticMacs(space, c, 0) <= budget, job.seed() + 1);
            EvolutionarySearch.Result<Integer> result = search.run(configuration -> {
                ExitScores scores = scoring.scores(job, state.supernet, configuration, settings.searchImages(),
                        labels);
                int exit = -1;
                for (int e = 0; e < space.stageCount(); e++) {
                    if (staticMacs(space, configuration, e) <= budget
                            && (exit < 0 || scores.exitAccuracy(e) > scores.exitAccuracy(exit))) {
                        exit = e;
                    }
                }
                return exit < 0 ? Optional.empty() : Optional.of(new EvolutionarySearch.Scored<>(configuration,
                        scores.exitAccuracy(exit), exit));
            }, (generation, best, evaluated) -> { });
            staticConfiguration = result.best().configuration();
            staticExit = result.best().detail();
            staticManager = job.root().newSubManager();
            staticNetwork = state.supernet.extract(staticConfiguration, staticManager);
            StagedEvaluation.recalibrate(staticNetwork, staticConfiguration, job.train(),
                    settings.calibrationImages(), job.evaluationBatchSize(), job.root());
            staticOptimizer = new Sgd(staticNetwork.trainable(), staticManager, (float) job.settings().momentum(),
                    (float) job.settings().weightDecay());
            System.err.printf("seed %d budget %d: static on the supernet %.4f at exit %d (%s)%n", seed, budget,
                    result.best().score(), staticExit, describe(staticConfiguration));
        }

        /** The static network's fine-tune: as long as the method's, same rate and targets, its one exit trained. */
        private final class StaticFineTune implements Phase<Enas4dState> {

            @Override
            public String name() {
                return "static-fine-tune";
            }

            @Override
            public int epochs(TrainingSettings training) {
                return training.finalEpochs();
            }

            @Override
            public ProgressSnapshot snapshot(JobContext job, Enas4dState state) {
                return StagedJob.snapshot(staticConfiguration,
                        staticMacs(StagedJob.searchable(job), staticConfiguration, staticExit));
            }

            @Override
            public void run(Enas4dState state, PhaseRun run) {
                JobContext job = run.job();
                StagedSteps steps = new StagedSteps(staticNetwork, staticOptimizer, staticManager);
                long total = Math.max(1, run.steps());
                LearningRate rate = new LearningRate(job.settings().learningRateFor(job.batchSize()), total,
                        (long) Math.ceil(FineTunePhase.WARMUP_SHARE * total));
                double[] weights = new double[staticNetwork.space().stageCount()];
                weights[staticExit] = 1;
                NDArray targets = state.targets == null ? null : state.targets.upload(staticManager);
                run.train(new EpochTraining() {
                    @Override
                    public Map<String, Double> step(NDManager stepManager, DeviceDataset.Batch batch,
                                                    long phaseStep, long globalStep) {
                        return Map.of(StagedSteps.LOSS_EXITS, steps.plain(stepManager, batch, staticConfiguration,
                                weights, rate.at(phaseStep)));
                    }

                    @Override
                    public NDArray targets() {
                        return targets;
                    }

                    @Override
                    public ProgressSnapshot snapshot() {
                        return StaticFineTune.this.snapshot(job, state);
                    }
                });
            }
        }

        /** The rows of this job: the method's result, MSDNet's thresholds on it, the static network. */
        private void measure(JobContext job, Enas4dState state) {
            StagedSpace space = StagedJob.searchable(job);
            long budget = StagedJob.budget(job);
            EarlyExitReport report = state.outcome.enas4d();
            StagedConfiguration dynamic = state.search.configuration();
            double[] thresholds = report.thresholds().stream().mapToDouble(Double::doubleValue).toArray();
            Map<String, Double> metrics = state.outcome.metrics();
            rows.add(new Row(seed, budget, "ENAS4D dynamic (direct thresholds), fine-tuned", report.testAccuracy(),
                    report.testAverageMacs(), shares(report.testExitShares()), describe(dynamic),
                    latency(job, state.plain, dynamic, thresholds)));
            if (metrics.containsKey("msdNetTestAccuracy")) {
                rows.add(new Row(seed, budget, "ENAS4D dynamic (MSDNet p-sweep thresholds), fine-tuned",
                        metrics.get("msdNetTestAccuracy"), metrics.get("msdNetAverageMacs"), "-", describe(dynamic),
                        Double.NaN));
            }
            StagedEvaluation.recalibrate(staticNetwork, staticConfiguration, job.train(),
                    settings.calibrationImages(), job.evaluationBatchSize(), job.root());
            ExitScores test = StagedEvaluation.score(staticNetwork, staticConfiguration, job.test(),
                    job.data().test().labels(), Integer.MAX_VALUE, job.evaluationBatchSize(), job.root());
            double[] single = new double[space.stageCount()];
            Arrays.fill(single, ExitPolicy.NEVER);
            single[staticExit] = 0;
            rows.add(new Row(seed, budget, "static single exit (exit " + staticExit + "), fine-tuned",
                    test.exitAccuracy(staticExit), staticMacs(space, staticConfiguration, staticExit), "-",
                    describe(staticConfiguration), latency(job, staticNetwork, staticConfiguration, single)));
            System.err.printf("seed %d budget %d: dynamic %.4f at %.0f (supernet validation %.4f), static %.4f%n",
                    seed, budget, report.testAccuracy(), report.testAverageMacs(), state.search.validationAccuracy(),
                    test.exitAccuracy(staticExit));
            staticManager.close();
        }

        /** Mean wall-clock ms per image at batch 1, early exits taken, after 30 warm-up images. */
        private double latency(JobContext job, StagedNetwork network, StagedConfiguration configuration,
                               double[] thresholds) {
            DeviceDataset.Batches images = job.test().inOrder();
            int n = Math.min(latencyImages, job.test().size());
            try (NDManager manager = job.root().newSubManager()) {
                for (int i = 0; i < 30; i++) {
                    NDArray one = images.slice(manager, i, i + 1).images();
                    EarlyExitInference.run(network, configuration, thresholds, one, manager);
                }
                long total = 0;
                for (int i = 0; i < n; i++) {
                    NDArray one = images.slice(manager, i, i + 1).images();
                    long t0 = System.nanoTime();
                    EarlyExitInference.run(network, configuration, thresholds, one, manager);
                    total += System.nanoTime() - t0;
                }
                return total / 1e6 / n;
            }
        }
    }

    /** A static single-exit network: the stem, stages 0..exit and head {@code exit} only. */
    static long staticMacs(StagedSpace space, StagedConfiguration configuration, int exit) {
        long macs = StagedCost.stemMacs(space, configuration);
        long[] stages = StagedCost.stageMacs(space, configuration);
        for (int k = 0; k <= exit; k++) {
            macs += stages[k];
        }
        return macs + StagedCost.headMacs(space, configuration)[exit];
    }

    private static String shares(List<Double> shares) {
        StringBuilder s = new StringBuilder();
        for (double share : shares) {
            s.append(s.length() == 0 ? "" : "/").append(String.format("%.2f", share));
        }
        return s.toString();
    }

    private static String describe(StagedConfiguration c) {
        StringBuilder s = new StringBuilder();
        c.stages().forEach(st -> s.append(s.length() == 0 ? "" : " ").append(st.depth()).append("x k")
                .append(st.kernel()).append(" w").append(st.width()));
        return s.toString();
    }
}
