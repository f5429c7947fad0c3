package io.pvstream.ingest.write;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.pvstream.ingest.ca.MonitoredChannel;
import io.pvstream.schemas.avro.PvProtocol;
import io.pvstream.schemas.avro.PvWrite;
import io.pvstream.schemas.avro.PvWriteResult;
import io.pvstream.schemas.avro.WriteOutcome;

/**
 * One PV write of a restore job, from command to result. Every method runs on the writer thread.
 *
 * <p>Each try checks, in this order: the job deadline (TIMED_OUT), that this instance monitors the
 * PV (FAILED), that its channel is connected with metadata (else retried with backoff), write access
 * (SKIPPED_NO_WRITE_ACCESS), the value converts and is within the drive limits (FAILED, OUT_OF_RANGE),
 * and the IOC's circuit breaker (CIRCUIT_OPEN), so that no-op outcomes never spend a breaker's trial.
 * Then a put with completion ({@link PutTarget}: CA put with callback, or pvAccess put-and-process) and a put
 * timeout; a timeout or disconnect is retried with backoff, any
 * other put error is final. After the put completes, the readback must match the target within
 * {@code verifyTimeoutMs} (VERIFIED) or the write ends WRITTEN_NOT_VERIFIED. The readback PV is the
 * command's, else the one pv.config gives the PV, else the PV itself; one this instance does not monitor is
 * watched for the verification alone ({@link Readbacks}), over the written PV's protocol unless its name says.
 */
final class WriteJob {

    /** What every job of a writer shares. */
    record Environment(Function<String, MonitoredChannel> channels, Function<String, String> configuredReadbacks,
                       CircuitBreakers breakers, Readbacks readbacks, WriterThread thread, WriteSettings settings,
                       LongSupplier clockNs, String instance) {
    }

    private final PvWrite command;
    private final Environment env;
    private final Consumer<PvWriteResult> onResult;
    private final Tolerance tolerance;

    private int tries;          // puts attempted
    private int failedTries;    // tries that ended in a transient failure (disconnected, put timeout)
    private String lastFailure;
    private String ioc;
    private PvProtocol writtenOver = PvProtocol.CA;
    private int putSequence;    // a callback or timeout of an earlier put finds a newer sequence and is ignored
    private ScheduledFuture<?> timer;
    private Readbacks.Source readback;
    private Object lastReadback;
    private boolean done;

    WriteJob(PvWrite command, Environment env, Consumer<PvWriteResult> onResult) {
        this.command = command;
        this.env = env;
        this.onResult = onResult;
        this.tolerance = Tolerance.of(command.getToleranceAbs(), command.getToleranceRel());
    }

    void attempt() {
        if (done) {
            return;
        }
        if (env.clockNs().getAsLong() >= command.getDeadlineNs()) {
            finish(WriteOutcome.TIMED_OUT, lastFailure == null ? "the job deadline passed before the write"
                    : "the job deadline passed; last problem: " + lastFailure);
            return;
        }
        MonitoredChannel pv = env.channels().apply(command.getPvName());
        if (pv == null) {
            finish(WriteOutcome.FAILED, "PV " + command.getPvName() + " is not monitored by ingest instance "
                    + env.instance() + " (not in its pv.config partitions)");
            return;
        }
        writtenOver = pv.protocol();
        MonitoredChannel.Facts facts = pv.facts();
        PutTarget target = PutTarget.of(pv);
        if (!pv.isConnected() || target == null || facts == null) {
            retryLater(pv.isConnected() ? "waiting for the PV's metadata" : "channel disconnected");
            return;
        }
        boolean writeAccess;
        try {
            ioc = pv.server() != null ? pv.server()
                    : target instanceof PutTarget.CaTarget ca ? ca.channel().getHostName() : null;
            writeAccess = target.writeAccess();
        } catch (IllegalStateException e) { // disconnected since the check
            retryLater("channel disconnected");
            return;
        }
        if (!writeAccess) {
            finish(WriteOutcome.SKIPPED_NO_WRITE_ACCESS, "the IOC denies write access to " + pv.name());
            return;
        }
        PutValue put;
        try {
            put = PutValues.of(command.getValue(), facts.nativeType(), facts.elementCount(), facts.enumLabels());
        } catch (IllegalArgumentException e) {
            finish(WriteOutcome.FAILED, "cannot write the target: " + e.getMessage());
            return;
        }
        String violation = new DriveLimits(facts.controlLow(), facts.controlHigh()).violation(put);
        if (violation != null) {
            finish(WriteOutcome.OUT_OF_RANGE, violation);
            return;
        }
        CircuitBreaker breaker = env.breakers().of(ioc);
        if (!breaker.tryAcquire()) {
            if (breaker.trialInProgress()) {
                retryLater("waiting for the trial write to IOC " + ioc + " (its breaker is HALF_OPEN)");
            } else {
                finish(WriteOutcome.CIRCUIT_OPEN, breaker.openMessage());
            }
            return;
        }
        put(target, put, breaker);
    }

    private void put(PutTarget target, PutValue value, CircuitBreaker breaker) {
        tries++;
        int sequence = ++putSequence;
        Duration putTimeout = env.settings().putTimeout();
        timer = env.thread().schedule(() -> putTimedOut(sequence, breaker), putTimeout);
        try {
            target.put(value, outcome -> env.thread().post(() -> putCompleted(sequence, breaker, outcome)));
            env.thread().requestFlush();
        } catch (Exception e) { // typically disconnected between the check and the put
            putSequence++;
            cancelTimer();
            failed(breaker, "put refused: " + e.getMessage(), true);
        }
    }

    private void putCompleted(int sequence, CircuitBreaker breaker, PutTarget.Outcome outcome) {
        if (done || sequence != putSequence) {
            return;
        }
        putSequence++;
        cancelTimer();
        if (outcome.failure() == null) {
            breaker.onSuccess();
            verify();
        } else {
            failed(breaker, outcome.failure(), outcome.transientFailure());
        }
    }

    private void putTimedOut(int sequence, CircuitBreaker breaker) {
        if (done || sequence != putSequence) {
            return;
        }
        putSequence++;
        // CAJ keeps waiting for the answer (it has no put timeout); a late answer finds a newer sequence
        failed(breaker, "put not completed within " + env.settings().putTimeout().toMillis() + " ms", true);
    }

    private void failed(CircuitBreaker breaker, String reason, boolean transientFailure) {
        breaker.onFailure(reason);
        if (transientFailure) {
            retryLater(reason);
        } else {
            finish(WriteOutcome.FAILED, reason);
        }
    }

    private void retryLater(String reason) {
        lastFailure = reason;
        failedTries++;
        Backoff backoff = env.settings().backoff();
        if (!backoff.mayRetry(failedTries)) {
            finish(WriteOutcome.FAILED, reason + " (gave up after " + failedTries + " tries)");
            return;
        }
        long untilDeadline = command.getDeadlineNs() - env.clockNs().getAsLong();
        Duration delay = backoff.delayAfter(failedTries);
        if (delay.toNanos() > untilDeadline) {
            delay = Duration.ofNanos(Math.max(0, untilDeadline)); // wake at the deadline to report TIMED_OUT
        }
        timer = env.thread().schedule(this::attempt, delay);
    }

    private void verify() {
        String readbackPv = readbackPv();
        long untilDeadline = Math.max(0, command.getDeadlineNs() - env.clockNs().getAsLong());
        Duration window = Duration.ofNanos(Math.min(Duration.ofMillis(command.getVerifyTimeoutMs()).toNanos(),
                untilDeadline));
        readback = env.readbacks().open(readbackPv, writtenOver,
                value -> env.thread().post(() -> readbackSeen(value)));
        timer = env.thread().schedule(() -> verifyTimedOut(readbackPv, window), window);
    }

    private String readbackPv() {
        if (command.getReadbackPv() != null && !command.getReadbackPv().isBlank()) {
            return command.getReadbackPv();
        }
        String configured = env.configuredReadbacks().apply(command.getPvName());
        return configured != null ? configured : command.getPvName();
    }

    private void readbackSeen(Object value) {
        if (done || readback == null) {
            return;
        }
        lastReadback = value;
        if (ReadbackMatch.matches(command.getValue(), value, tolerance)) {
            finish(WriteOutcome.VERIFIED, null);
        }
    }

    private void verifyTimedOut(String readbackPv, Duration window) {
        if (done) {
            return;
        }
        String target = ReadbackMatch.text(command.getValue());
        finish(WriteOutcome.WRITTEN_NOT_VERIFIED, lastReadback == null
                ? "no readback of " + readbackPv + " within " + window.toMillis() + " ms"
                : "readback of " + readbackPv + " did not match " + target + " within " + window.toMillis() + " ms");
    }

    private void finish(WriteOutcome outcome, String message) {
        done = true;
        cancelTimer();
        if (readback != null) {
            readback.close();
        }
        onResult.accept(PvWriteResult.newBuilder()
                .setJobId(command.getJobId())
                .setAttempt(command.getAttempt())
                .setPvName(command.getPvName())
                .setOutcome(outcome)
                .setMessage(message)
                .setIoc(ioc)
                .setReadback(readback == null ? null : ReadbackMatch.text(lastReadback))
                .setTries(tries)
                .setInstance(env.instance())
                .setCompletedNs(env.clockNs().getAsLong())
                .build());
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
