package dev.slimfit.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.slimfit.core.latency.LatencyCells;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.latency.LatencyTableDocument;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.core.space.SpaceKind;
import tools.jackson.databind.json.JsonMapper;

/** The records on the wire between API and workers survive Jackson unchanged; the shared rules hold. */
class WireContractsTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final SearchSpaceRegistry spaces = SearchSpaceRegistry.builtIn();

    private <T> T roundTrip(T value, Class<T> type) {
        return json.readValue(json.writeValueAsString(value), type);
    }

    @Test
    void claimsOutcomesLeasesAndMessagesRoundTrip() {
        SearchSpace fmnist = spaces.find("fmnist-small").orElseThrow();
        LatencyCells cells = LatencyCells.of(fmnist);
        LatencyTable table = LatencyTable.of(cells, new double[cells.unknownCount()], new int[cells.unknownCount()],
                0.25);
        JobSpec spec = new JobSpec(SearchMethod.AOWS, "fmnist-small", "fashion-mnist", Budget.ofLatency(2.5, "d-1"),
                new TrainingSettings(3, 1, 32, 7L, 2000), 5);
        JobClaim claim = new JobClaim(UUID.randomUUID(), 2, spec, Instant.parse("2030-01-01T00:00:00Z"),
                UUID.randomUUID(), LatencyTableDocument.of(table));
        assertThat(roundTrip(claim, JobClaim.class)).isEqualTo(claim);

        JobResult result = new JobResult(List.of(8, 16), 10L, 20L, 1.5, null, 0.8, "cpu",
                List.of(List.of(0.1, 0.2)), List.of(new JobResult.FrontPoint(1, 1, 0.3, List.of(8, 16))),
                Map.of("loss", 0.4), List.of("weights.params"));
        JobOutcome succeeded = JobOutcome.succeeded("w1", result);
        assertThat(roundTrip(succeeded, JobOutcome.class)).isEqualTo(succeeded);
        JobOutcome failed = JobOutcome.failed("w1", new JobFailure(FailureType.BAD_DATASET, "no images"));
        assertThat(roundTrip(failed, JobOutcome.class)).isEqualTo(failed);
        assertThat(JobOutcome.cancelled("w1").kind().trigger()).isEqualTo(JobTrigger.WORKER_CANCELLED);

        LeaseState lease = new LeaseState(UUID.randomUUID(), JobStatus.CANCELLING, true, Instant.now());
        assertThat(roundTrip(lease, LeaseState.class)).isEqualTo(lease);
        assertThat(roundTrip(new ClaimRequest("w1"), ClaimRequest.class)).isEqualTo(new ClaimRequest("w1"));

        JobMessage message = new JobMessage(UUID.randomUUID());
        assertThat(json.readTree(json.writeValueAsString(message)).propertyNames()).containsExactly("jobId");
        assertThat(roundTrip(message, JobMessage.class)).isEqualTo(message);
    }

    @Test
    void messagingNamesDeriveFromThePrefix() {
        MessagingNames names = new MessagingNames("p");
        assertThat(List.of(names.jobsExchange(), names.jobsQueue(), names.deadLetterExchange(),
                names.jobsDeadLetterQueue(), names.eventsExchange(), names.eventsQueue(),
                names.eventsDeadLetterQueue())).containsExactly("p.jobs", "p.jobs.queue", "p.dlx", "p.jobs.dlq",
                "p.events", "p.api.events", "p.events.dlq");
        assertThat(names.eventRoutingKey(WorkerEventType.PROGRESS)).isEqualTo("job.progress");
        assertThat(MessagingNames.MAX_PRIORITY).isEqualTo(9);
        assertThatThrownBy(() -> new MessagingNames(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void datasetReferencesHaveOneGrammar() {
        assertThat(DatasetReference.parse("fashion-mnist").isFashionMnist()).isTrue();
        assertThat(DatasetReference.parse("fashion-mnist")).hasToString("fashion-mnist");
        DatasetReference folder = DatasetReference.parse("folder:/data//flowers/");
        assertThat(folder.isFashionMnist()).isFalse();
        assertThat(folder.folder()).isEqualTo(Path.of("/data/flowers"));
        assertThat(folder).hasToString("folder:/data/flowers");
        assertThat(DatasetReference.parse(folder.toString())).isEqualTo(folder);
        assertThatThrownBy(() -> DatasetReference.fashionMnist().folder()).isInstanceOf(IllegalStateException.class);

        assertThatThrownBy(() -> DatasetReference.parse("folder:data/x"))
                .hasMessage("a folder dataset needs an absolute path without '..', e.g. folder:/data/flowers");
        assertThatThrownBy(() -> DatasetReference.parse("folder:/data/../etc"))
                .hasMessage("a folder dataset needs an absolute path without '..', e.g. folder:/data/flowers");
        assertThatThrownBy(() -> DatasetReference.parse("imagenet"))
                .hasMessage("unknown dataset 'imagenet'; use 'fashion-mnist' or 'folder:/absolute/path'");
        assertThatThrownBy(() -> DatasetReference.parse(null)).isInstanceOf(IllegalArgumentException.class);

        SearchSpace fmnist = spaces.find("fmnist-small").orElseThrow();
        SearchSpace mobileNet = spaces.find("mobilenet-v1-224").orElseThrow();
        assertThat(DatasetReference.fashionMnist().problemWith(fmnist)).isEmpty();
        assertThat(DatasetReference.fashionMnist().problemWith(mobileNet)).get().asString()
                .contains("28x28x1", "mobilenet-v1-224");
        assertThat(folder.problemWith(mobileNet)).isEmpty();
    }

    @Test
    void theMethodCatalogueCoversEveryMethod() {
        assertThat(MethodCatalog.all()).extracting(MethodCatalog.Entry::method)
                .containsExactly(SearchMethod.values());
        assertThat(MethodCatalog.implemented()).containsExactly(SearchMethod.AOWS, SearchMethod.OWS,
                SearchMethod.DNAL, SearchMethod.ENAS4D, SearchMethod.UNIFORM);
        assertThat(MethodCatalog.of(SearchMethod.ENAS4D).accepts(Budget.Kind.AVERAGE_MACS)).isTrue();
        assertThat(MethodCatalog.of(SearchMethod.ENAS4D).accepts(Budget.Kind.MACS)).isFalse();
        assertThat(MethodCatalog.of(SearchMethod.ENAS4D).accepts(SpaceKind.CHAIN)).isFalse();
        assertThat(MethodCatalog.of(SearchMethod.AOWS).accepts(Budget.Kind.AVERAGE_MACS)).isFalse();
        assertThat(MethodCatalog.of(SearchMethod.AOWS).accepts(SpaceKind.CHAIN)).isTrue();
        assertThat(MethodCatalog.all()).filteredOn(MethodCatalog.Entry::redecodable)
                .extracting(MethodCatalog.Entry::method).containsExactly(SearchMethod.AOWS, SearchMethod.OWS);
        assertThat(MethodCatalog.all()).allSatisfy(e -> assertThat(e.description()).isNotBlank());
        assertThat(roundTrip(MethodCatalog.of(SearchMethod.OWS), MethodCatalog.Entry.class))
                .isEqualTo(MethodCatalog.of(SearchMethod.OWS));
    }
}
