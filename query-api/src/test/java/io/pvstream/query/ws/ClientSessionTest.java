package io.pvstream.query.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pvstream.records.restore.JobView;
import io.pvstream.query.ws.ClientRequest.Subscribe;
import io.pvstream.query.ws.ClientRequest.Unsubscribe;
import io.pvstream.query.ws.Outcome.InitialStateRequest;

/** The session logic alone: time is a number, the connection is the {@link Outcome}s it returns. */
class ClientSessionTest {

    private static final long WINDOW = Duration.ofMillis(100).toNanos();
    private static final WsSettings SETTINGS = new WsSettings(Duration.ofMillis(100), Duration.ofSeconds(5), 5, 65536,
            3, Duration.ofSeconds(2), 2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private long now = 1_000_000_000L;
    private ClientSession session;

    @BeforeEach
    void setUp() {
        session = new ClientSession(SETTINGS, MESSAGES, now);
    }

    private static final ServerMessages MESSAGES = new ServerMessages(JSON);

    private static EncodedDiff diff(String name, double value, long timestampNs, String... changes) {
        return MESSAGES.encode(new DiffView(name, List.of(changes.length == 0 ? new String[] {"VALUE"} : changes), value,
                null, timestampNs, "NO_ALARM", "NO_ALARM", true));
    }

    private static JsonNode json(Outcome outcome) {
        assertThat(outcome.send()).as("a message to send").isNotNull();
        try {
            return JSON.readTree(outcome.send());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Outcome tick() {
        now += WINDOW;
        return session.tick(now);
    }

    /** Subscribes, answers the snapshot with no PVs and lets the snapshot message go out. */
    private void subscribed(List<String> pvs, List<String> patterns) {
        Outcome outcome = session.onRequest(new Subscribe("s", pvs, patterns));
        assertThat(outcome.load()).isNotNull();
        JsonNode snapshot = json(session.snapshotLoaded(outcome.load(), new InitialStateLoader.InitialState(List.of(), List.of(), false)));
        assertThat(snapshot.path("type").asText()).isEqualTo("snapshot");
        session.onSent(true);
    }

    /** The client takes the message in flight and whatever the session sends right after it. */
    private void allWritten() {
        while (session.onSent(true).send() != null) {
            // a heartbeat or an answer went out at once; it is written too
        }
    }

    private List<String> namesIn(JsonNode diffs) {
        List<String> names = new ArrayList<>();
        diffs.path("diffs").forEach(diff -> names.add(diff.path("name").asText()));
        return names;
    }

    @Test
    void subscribeSendsTheSnapshotFirstAndHoldsDiffsUntilThen() {
        Outcome subscribe = session.onRequest(new Subscribe("1", List.of("SIM:A"), List.of()));
        session.offer(diff("SIM:A", 1.0, 10));
        assertThat(tick()).isEqualTo(Outcome.NONE);

        JsonNode pv = JSON.createObjectNode().put("name", "SIM:A").put("value", 0.5).put("timestampNs", 5L)
                .put("connected", true);
        JsonNode snapshot = json(session.snapshotLoaded(subscribe.load(),
                new InitialStateLoader.InitialState(List.of(pv), List.of("SIM:UNKNOWN"), false)));
        assertThat(snapshot.path("id").asText()).isEqualTo("1");
        assertThat(snapshot.path("pvs").get(0).path("value").asDouble()).isEqualTo(0.5);
        assertThat(snapshot.path("unknown").get(0).asText()).isEqualTo("SIM:UNKNOWN");
        assertThat(tick()).as("the snapshot is still being written").isEqualTo(Outcome.NONE);

        session.onSent(true);
        JsonNode diffs = json(tick());
        assertThat(diffs.path("type").asText()).isEqualTo("diffs");
        assertThat(namesIn(diffs)).containsExactly("SIM:A");
    }

    @Test
    void diffsAlreadyInTheSnapshotAreDropped() {
        Outcome subscribe = session.onRequest(new Subscribe(null, List.of("SIM:A", "SIM:B"), List.of()));
        session.offer(diff("SIM:A", 1.0, 10)); // older than the snapshot's state
        session.offer(diff("SIM:B", 2.0, 30)); // newer
        JsonNode a = JSON.createObjectNode().put("name", "SIM:A").put("timestampNs", 20L).put("connected", true);
        JsonNode b = JSON.createObjectNode().put("name", "SIM:B").put("timestampNs", 20L).put("connected", true);
        session.snapshotLoaded(subscribe.load(), new InitialStateLoader.InitialState(List.of(a, b), List.of(), false));
        session.onSent(true);

        assertThat(namesIn(json(tick()))).containsExactly("SIM:B");
    }

    @Test
    void oneMessagePerWindowWithAllPendingDiffsAndIncreasingSeq() {
        subscribed(List.of("SIM:A", "SIM:B"), List.of());
        session.offer(diff("SIM:A", 1.0, 1));
        session.offer(diff("SIM:B", 1.0, 1));
        JsonNode first = json(tick());
        session.onSent(true);
        assertThat(tick()).as("nothing new").isEqualTo(Outcome.NONE);
        session.offer(diff("SIM:B", 2.0, 2));
        JsonNode second = json(tick());

        assertThat(namesIn(first)).containsExactly("SIM:A", "SIM:B");
        assertThat(namesIn(second)).containsExactly("SIM:B");
        assertThat(second.path("seq").asLong()).isEqualTo(first.path("seq").asLong() + 1);
    }

    @Test
    void updatesOfOnePvWithinAWindowAreCoalescedNewestWins() {
        subscribed(List.of("SIM:A"), List.of());
        session.offer(diff("SIM:A", 1.0, 1));
        session.offer(diff("SIM:A", 2.0, 2));
        session.offer(diff("SIM:A", 3.0, 3));

        JsonNode batch = json(tick());
        assertThat(batch.path("diffs")).hasSize(1);
        assertThat(batch.path("diffs").get(0).path("value").asDouble()).isEqualTo(3.0);
        assertThat(session.coalescedTotal()).isEqualTo(2);
    }

    @Test
    void coalescedDiffsKeepEveryRuleThatFired() {
        subscribed(List.of("SIM:A"), List.of());
        session.offer(diff("SIM:A", 1.0, 1, "FIRST"));
        session.offer(diff("SIM:A", 2.0, 2, "SEVERITY", "VALUE"));
        session.offer(diff("SIM:A", 3.0, 3, "VALUE"));

        JsonNode merged = json(tick()).path("diffs").get(0);
        assertThat(merged.path("value").asDouble()).isEqualTo(3.0);
        assertThat(merged.path("changes")).extracting(JsonNode::asText).containsExactly("FIRST", "VALUE", "SEVERITY");
    }

    @Test
    void onlyWatchedPvsAreQueuedAndUnsubscribeStopsThemAtOnce() {
        subscribed(List.of("SIM:A", "SIM:B"), List.of());
        session.offer(diff("SIM:C", 1.0, 1));
        session.offer(diff("SIM:A", 1.0, 1));
        session.offer(diff("SIM:B", 1.0, 1));

        JsonNode ack = json(session.onRequest(new Unsubscribe("u", List.of("SIM:A"), List.of())));
        assertThat(ack.path("type").asText()).isEqualTo("unsubscribed");
        assertThat(ack.path("subscriptions").asInt()).isEqualTo(1);
        session.onSent(true);
        session.offer(diff("SIM:A", 2.0, 2));

        assertThat(namesIn(json(tick()))).containsExactly("SIM:B");
    }

    @Test
    void aPatternPicksUpPvsThatAppearLater() {
        subscribed(List.of(), List.of("NEW:*"));
        session.offer(diff("NEW:PV1", 1.0, 1));
        session.offer(diff("OLD:PV1", 1.0, 1));

        assertThat(namesIn(json(tick()))).containsExactly("NEW:PV1");
    }

    @Test
    void atMostOneMessageIsInFlight() {
        subscribed(List.of("SIM:A"), List.of());
        session.offer(diff("SIM:A", 1.0, 1));
        json(tick());
        session.offer(diff("SIM:A", 2.0, 2));

        assertThat(tick()).isEqualTo(Outcome.NONE);
        assertThat(session.onSent(true)).isEqualTo(Outcome.NONE); // diffs wait for the window, not for the write
        assertThat(json(tick()).path("diffs").get(0).path("value").asDouble()).isEqualTo(2.0);
    }

    @Test
    void theQueueIsBoundedByPvsAndDropsAreCounted() {
        subscribed(List.of(), List.of("SIM:*"));
        for (int i = 0; i < 5; i++) {
            session.offer(diff("SIM:" + i, i, i)); // queue max is 3 PVs
        }
        session.offer(diff("SIM:0", 9.0, 9)); // a queued PV is still replaced

        JsonNode batch = json(tick());
        assertThat(namesIn(batch)).containsExactly("SIM:0", "SIM:1", "SIM:2");
        assertThat(session.droppedTotal()).isEqualTo(2);
    }

    @Test
    void aClientBehindForLongerThanTheGraceIsClosedWithAReason() {
        subscribed(List.of("SIM:A"), List.of());
        session.offer(diff("SIM:A", 1.0, 1));
        json(tick()); // never written: the client does not read
        Outcome outcome = Outcome.NONE;
        for (int i = 0; i < 25 && outcome.close() == null; i++) {
            session.offer(diff("SIM:A", i, i));
            outcome = tick();
        }

        assertThat(outcome.close()).isNotNull();
        assertThat(outcome.close().code()).isEqualTo(1008);
        assertThat(outcome.close().slow()).isTrue();
        assertThat(outcome.close().reason()).startsWith("too slow").contains("coalesced");
        assertThat(session.isClosed()).isTrue();
        session.offer(diff("SIM:A", 1.0, 1));
        assertThat(session.pendingCount()).isZero();
    }

    @Test
    void aClientThatCatchesUpWithinTheGraceStays() {
        subscribed(List.of("SIM:A"), List.of());
        for (int round = 0; round < 10; round++) {
            session.offer(diff("SIM:A", round, round));
            json(tick());
            for (int i = 0; i < 15; i++) { // 1.5 s behind, below the 2 s grace
                session.offer(diff("SIM:A", round, round));
                assertThat(tick().close()).isNull();
            }
            allWritten();
        }
        assertThat(session.isClosed()).isFalse();
    }

    @Test
    void aClientThatTakesNothingIsClosedEvenWithoutDiffs() {
        now += Duration.ofSeconds(5).toNanos();
        json(session.tick(now)); // heartbeat, never written
        Outcome outcome = Outcome.NONE;
        for (int i = 0; i < 100 && outcome.close() == null; i++) {
            outcome = tick();
        }
        assertThat(outcome.close()).as("the next heartbeat finds it behind").isNotNull();
    }

    @Test
    void heartbeatCarriesCountsSinceThePreviousOne() {
        subscribed(List.of("SIM:A"), List.of());
        session.offer(diff("SIM:A", 1.0, 1));
        session.offer(diff("SIM:A", 2.0, 2));
        now += Duration.ofSeconds(5).toNanos();

        JsonNode heartbeat = json(session.tick(now));
        assertThat(heartbeat.path("type").asText()).isEqualTo("heartbeat");
        assertThat(heartbeat.path("coalesced").asLong()).isEqualTo(1);
        assertThat(heartbeat.path("dropped").asLong()).isZero();
        assertThat(heartbeat.path("subscriptions").asInt()).isEqualTo(1);
        session.onSent(true);
        json(tick()); // the diff waited behind the heartbeat
        session.onSent(true);
        now += Duration.ofSeconds(5).toNanos();
        JsonNode next = json(session.tick(now));
        assertThat(next.path("coalesced").asLong()).isZero();
        assertThat(next.path("coalescedTotal").asLong()).isEqualTo(1);
    }

    @Test
    void theSubscriptionLimitIsAnError() {
        subscribed(List.of("A", "B", "C"), List.of("D*"));
        JsonNode error = json(session.onRequest(new Subscribe("x", List.of("E", "F"), List.of())));

        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").asText()).isEqualTo(ClientRequest.LIMIT_EXCEEDED);
        assertThat(error.path("id").asText()).isEqualTo("x");
        session.onSent(true);
        assertThat(session.onRequest(new Subscribe(null, List.of("A", "E"), List.of())).load())
                .as("names held already count once").isNotNull();
    }

    @Test
    void badMessagesGetErrorsUntilThereAreTooManyInOneHeartbeatInterval() {
        ClientRequest bad = new ClientRequest.Invalid(null, ClientRequest.BAD_REQUEST, "malformed JSON");
        assertThat(json(session.onRequest(bad)).path("error").asText()).isEqualTo(ClientRequest.BAD_REQUEST);
        session.onSent(true);
        json(session.onRequest(bad));
        session.onSent(true);
        now += Duration.ofSeconds(5).toNanos();
        session.tick(now); // a new interval: the count starts again
        session.onSent(true);
        json(session.onRequest(bad));
        session.onSent(true);
        json(session.onRequest(bad));
        session.onSent(true);

        Outcome third = session.onRequest(bad);
        assertThat(third.close()).isNotNull();
        assertThat(third.close().code()).isEqualTo(1008);
        assertThat(third.close().reason()).contains("bad messages");
    }

    @Test
    void tooManySnapshotsAtOnceAreBusy() {
        for (int i = 0; i < WsSettings.MAX_SNAPSHOTS_IN_FLIGHT; i++) {
            assertThat(session.onRequest(new Subscribe(null, List.of("P" + i), List.of())).load()).isNotNull();
        }
        assertThat(json(session.onRequest(new Subscribe(null, List.of("X"), List.of()))).path("error").asText())
                .isEqualTo(ClientRequest.BUSY);
    }

    @Test
    void aFailedSnapshotTakesBackOnlyWhatItsSubscribeAdded() {
        subscribed(List.of("SIM:A"), List.of());
        InitialStateRequest request = session.onRequest(new Subscribe("2", List.of("SIM:A", "SIM:B"), List.of())).load();

        JsonNode error = json(session.snapshotFailed(request, "streams is REBALANCING"));
        assertThat(error.path("error").asText()).isEqualTo(ClientRequest.UNAVAILABLE);
        assertThat(error.path("message").asText()).contains("REBALANCING");
        session.onSent(true);
        session.offer(diff("SIM:A", 1.0, 1));
        session.offer(diff("SIM:B", 1.0, 1));
        assertThat(namesIn(json(tick()))).containsExactly("SIM:A");
    }

    @Test
    void aFailedWriteEndsTheSession() {
        subscribed(List.of("SIM:A"), List.of());
        session.offer(diff("SIM:A", 1.0, 1));
        json(tick());
        session.onSent(false);

        assertThat(session.isClosed()).isTrue();
        assertThat(tick()).isEqualTo(Outcome.NONE);
    }
    private static JobView jobView(String jobId, String state, long updatedNs) {
        return new JobView(jobId, "snap", 1, false, state, 2, 0, 0, 0, 0, 0, 0, 2, null, 0, null, 0, null, 0, null, 0,
                null, updatedNs, null, null, java.util.List.of());
    }

    private static EncodedJob job(String jobId, String state, long updatedNs) {
        return MESSAGES.encode(jobView(jobId, state, updatedNs));
    }

    /** Subscribes to jobs, answers the load with {@code current} and lets the answer go out. */
    private JsonNode subscribedToJobs(List<String> jobs, List<JobView> current) {
        Outcome outcome = session.onRequest(new Subscribe("j", List.of(), List.of(), jobs));
        assertThat(outcome.load()).as("no PV snapshot").isNull();
        JsonNode answer = json(session.jobsLoaded(outcome.loadJobs(), current));
        assertThat(answer.path("type").asText()).isEqualTo("subscribed");
        return answer;
    }

    /** Every message the session sends from one tick on, each taken by the client at once. */
    private List<JsonNode> windowMessages() {
        List<JsonNode> sent = new ArrayList<>();
        Outcome outcome = tick();
        while (outcome.send() != null) {
            sent.add(json(outcome));
            outcome = session.onSent(true);
        }
        return sent;
    }

    @Test
    void jobProgressIsCoalescedPerJobNewestWinsOneMessagePerJob() {
        subscribedToJobs(List.of("*"), List.of());
        session.onSent(true);
        session.offerJobs(List.of(job("j-1", "RUNNING", 1), job("j-2", "RUNNING", 1)));
        session.offerJobs(List.of(job("j-1", "SUCCEEDED", 2)));

        List<JsonNode> sent = windowMessages();

        assertThat(sent).extracting(m -> m.path("type").asText()).containsOnly("job");
        assertThat(sent).extracting(m -> m.path("jobId").asText() + " " + m.path("state").asText())
                .containsExactly("j-1 SUCCEEDED", "j-2 RUNNING");
        assertThat(windowMessages()).as("nothing new").isEmpty();
    }

    @Test
    void onlyWatchedJobsAreKeptAndUnknownIdsAreNamed() {
        JsonNode answer = subscribedToJobs(List.of("j-1", "j-9"), List.of(jobView("j-1", "RUNNING", 1)));
        assertThat(answer.path("unknown")).extracting(JsonNode::asText).containsExactly("j-9");
        assertThat(answer.path("jobs")).extracting(JsonNode::asText).containsExactly("j-1", "j-9");
        session.onSent(true);
        session.offerJobs(List.of(job("j-2", "RUNNING", 5)));

        assertThat(windowMessages()).extracting(m -> m.path("jobId").asText()).containsExactly("j-1");
    }

    @Test
    void progressThatArrivesWhileTheCurrentStateLoadsWaitsAndTheNewerOneWins() {
        Outcome outcome = session.onRequest(new Subscribe("j", List.of(), List.of(), List.of("j-1")));
        session.offerJobs(List.of(job("j-1", "SUCCEEDED", 9)));
        assertThat(tick()).as("held back until the current state is in").isEqualTo(Outcome.NONE);

        json(session.jobsLoaded(outcome.loadJobs(), List.of(jobView("j-1", "RUNNING", 3)))); // older: loses
        session.onSent(true);

        assertThat(windowMessages()).extracting(m -> m.path("state").asText()).containsExactly("SUCCEEDED");
    }

    @Test
    void diffsAndJobsShareTheWindowDiffsFirst() {
        subscribed(List.of("SIM:A"), List.of());
        subscribedToJobs(List.of("j-1"), List.of());
        session.onSent(true);
        session.offer(diff("SIM:A", 1.0, 1));
        session.offerJobs(List.of(job("j-1", "RUNNING", 1)));

        assertThat(windowMessages()).extracting(m -> m.path("type").asText()).containsExactly("diffs", "job");
    }

    @Test
    void aFailedJobLoadTakesTheSubscriptionBack() {
        Outcome outcome = session.onRequest(new Subscribe("j", List.of(), List.of(), List.of("j-1")));

        JsonNode error = json(session.jobsLoadFailed(outcome.loadJobs(), "owner not known"));
        assertThat(error.path("error").asText()).isEqualTo(ClientRequest.UNAVAILABLE);
        session.onSent(true);
        session.offerJobs(List.of(job("j-1", "RUNNING", 1)));
        assertThat(windowMessages()).isEmpty();
    }

    @Test
    void jobsCountTowardTheSubscriptionLimit() {
        subscribed(List.of("A", "B", "C"), List.of());
        JsonNode error = json(session.onRequest(new Subscribe("j", List.of(), List.of(), List.of("j-1", "j-2", "j-3"))));

        assertThat(error.path("error").asText()).isEqualTo(ClientRequest.LIMIT_EXCEEDED);
        assertThat(error.path("message").asText()).contains("would make 6");
    }

    @Test
    void unsubscribingAJobDropsItsPendingProgress() {
        subscribedToJobs(List.of("j-1", "j-2"), List.of());
        session.onSent(true);
        session.offerJobs(List.of(job("j-1", "RUNNING", 1), job("j-2", "RUNNING", 1)));

        JsonNode ack = json(session.onRequest(new ClientRequest.Unsubscribe("u", List.of(), List.of(), List.of("j-1"))));
        assertThat(ack.path("subscriptions").asInt()).isEqualTo(1);
        session.onSent(true);

        assertThat(windowMessages()).extracting(m -> m.path("jobId").asText()).containsExactly("j-2");
    }

    private static EncodedJobResult result(String jobId, String pv, int attempt, long completedNs, String outcome) {
        return new EncodedJobResult(jobId, pv, attempt, completedNs,
                "{\"pvName\":\"" + pv + "\",\"outcome\":\"" + outcome + "\",\"attempt\":" + attempt + "}");
    }

    @Test
    void perPvResultsFollowTheirJobsProgressNewestPerPvAndOnlyForWatchedJobs() {
        subscribedToJobs(List.of("j-1"), List.of());
        session.onSent(true);
        session.offerJobs(List.of(job("j-1", "RUNNING", 1)));
        session.offerJobResults(List.of(result("j-1", "SIM:A", 1, 5, "FAILED"), result("j-2", "SIM:B", 1, 5, "FAILED"),
                result("j-1", "SIM:C", 1, 6, "VERIFIED")));
        session.offerJobResults(List.of(result("j-1", "SIM:A", 2, 1, "VERIFIED"), result("j-1", "SIM:C", 1, 3, "FAILED")));

        List<JsonNode> sent = windowMessages();

        assertThat(sent).extracting(m -> m.path("type").asText()).containsExactly("job", "jobResults");
        assertThat(sent.get(1).path("jobId").asText()).isEqualTo("j-1");
        assertThat(sent.get(1).path("results")).extracting(r -> r.path("pvName").asText() + " "
                + r.path("outcome").asText()).as("a later attempt wins; of one attempt the later decision")
                .containsExactly("SIM:A VERIFIED", "SIM:C VERIFIED");
        assertThat(windowMessages()).as("nothing new").isEmpty();
    }

    @Test
    void manyResultsOfOneWindowGoOutInBoundedMessages() {
        subscribedToJobs(List.of("*"), List.of());
        session.onSent(true);
        List<EncodedJobResult> results = new ArrayList<>();
        for (int i = 0; i < JobQueue.MAX_RESULTS_PER_MESSAGE + 1; i++) {
            results.add(result("j-1", "PV:" + i, 1, i, "VERIFIED"));
        }
        session.offerJobResults(results);

        List<JsonNode> sent = windowMessages();

        assertThat(sent).extracting(m -> m.path("results").size())
                .containsExactly(JobQueue.MAX_RESULTS_PER_MESSAGE, 1);
    }
}
