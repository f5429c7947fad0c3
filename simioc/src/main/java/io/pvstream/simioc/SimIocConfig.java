package io.pvstream.simioc;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything that shapes a {@link SimulatedIoc}. Build one with {@link SimulatedIoc#builder()}.
 *
 * @param port            CA server port for both TCP and UDP; 0 picks a free one at the first start
 * @param prefix          prefix of every PV name
 * @param pvCount         number of moving simulated PVs {@code <prefix>PVnnnnn}
 * @param updateRateHz    updates per second of each simulated PV and of the waveform; 0 = static
 * @param setpointCount   number of setpoint/readback pairs {@code <prefix>SPnnnnn}/{@code RBnnnnn}
 * @param waveformLength  element count of {@code <prefix>WAVE} and {@code <prefix>LONGWAVE}
 * @param maxArrayBytes   server-side CA array limit (bytes); 0 = large enough for the waveforms
 * @param readbackLag     how long a readback takes to follow its setpoint
 * @param asyncPutDelay   how long a put to {@code <prefix>ASYNC} takes to complete
 */
public record SimIocConfig(
        int port,
        String prefix,
        int pvCount,
        double updateRateHz,
        int setpointCount,
        int waveformLength,
        int maxArrayBytes,
        Duration readbackLag,
        Duration asyncPutDelay) {

    public static final String DEFAULT_PREFIX = "SIM:";
    public static final int DEFAULT_PV_COUNT = 1000;
    public static final double DEFAULT_UPDATE_RATE_HZ = 1.0;
    public static final int DEFAULT_SETPOINT_COUNT = 10;
    public static final int DEFAULT_WAVEFORM_LENGTH = 1024;
    public static final Duration DEFAULT_READBACK_LAG = Duration.ofMillis(50);
    public static final Duration DEFAULT_ASYNC_PUT_DELAY = Duration.ofMillis(200);
    /** CAJ's own default for max_array_bytes, kept as the floor. */
    private static final int CAJ_DEFAULT_MAX_ARRAY_BYTES = 16_384;
    /** Room for the DBR_CTRL header in front of the array data. */
    private static final int HEADER_ALLOWANCE_BYTES = 1024;

    public SimIocConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        Objects.requireNonNull(prefix, "prefix");
        requireNonNegative("pvCount", pvCount);
        requireNonNegative("setpointCount", setpointCount);
        if (waveformLength < 1) {
            throw new IllegalArgumentException("waveformLength must be >= 1: " + waveformLength);
        }
        if (!(updateRateHz >= 0) || Double.isInfinite(updateRateHz)) {
            throw new IllegalArgumentException("updateRateHz must be >= 0: " + updateRateHz);
        }
        requireNonNegative("maxArrayBytes", maxArrayBytes);
        if (maxArrayBytes == 0) {
            maxArrayBytes = Math.max(CAJ_DEFAULT_MAX_ARRAY_BYTES, waveformLength * Double.BYTES + HEADER_ALLOWANCE_BYTES);
        }
        requireNotNegative("readbackLag", readbackLag);
        requireNotNegative("asyncPutDelay", asyncPutDelay);
    }

    public static SimIocConfig defaults() {
        return new SimIocConfig(0, DEFAULT_PREFIX, DEFAULT_PV_COUNT, DEFAULT_UPDATE_RATE_HZ,
                DEFAULT_SETPOINT_COUNT, DEFAULT_WAVEFORM_LENGTH, 0, DEFAULT_READBACK_LAG, DEFAULT_ASYNC_PUT_DELAY);
    }

    private static void requireNonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0: " + value);
        }
    }

    private static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
