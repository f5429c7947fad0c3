package io.pvstream.simioc;

import java.time.Duration;

/**
 * Fluent builder of a {@link SimulatedIoc}; start from {@link SimulatedIoc#builder()}.
 * Every option has a default, see {@link SimIocConfig}.
 */
public final class SimIocBuilder {

    private int port;
    private String prefix = SimIocConfig.DEFAULT_PREFIX;
    private int pvCount = SimIocConfig.DEFAULT_PV_COUNT;
    private double updateRateHz = SimIocConfig.DEFAULT_UPDATE_RATE_HZ;
    private int setpointCount = SimIocConfig.DEFAULT_SETPOINT_COUNT;
    private int waveformLength = SimIocConfig.DEFAULT_WAVEFORM_LENGTH;
    private int maxArrayBytes;
    private Duration readbackLag = SimIocConfig.DEFAULT_READBACK_LAG;
    private Duration asyncPutDelay = SimIocConfig.DEFAULT_ASYNC_PUT_DELAY;

    SimIocBuilder() {
    }

    /** CA server port (TCP and UDP); 0 (default) picks a free one. */
    public SimIocBuilder port(int port) {
        this.port = port;
        return this;
    }

    /** Prefix of every PV name, default {@code SIM:}. */
    public SimIocBuilder prefix(String prefix) {
        this.prefix = prefix;
        return this;
    }

    /** Number of moving simulated PVs, default 1000. */
    public SimIocBuilder pvCount(int pvCount) {
        this.pvCount = pvCount;
        return this;
    }

    /** Updates per second of each simulated PV (and of the waveform), default 1.0; 0 = static. */
    public SimIocBuilder updateRateHz(double updateRateHz) {
        this.updateRateHz = updateRateHz;
        return this;
    }

    /** Number of setpoint/readback pairs, default 10. */
    public SimIocBuilder setpointCount(int setpointCount) {
        this.setpointCount = setpointCount;
        return this;
    }

    /** Element count of the WAVE and LONGWAVE PVs, default 1024. */
    public SimIocBuilder waveformLength(int waveformLength) {
        this.waveformLength = waveformLength;
        return this;
    }

    /** Server-side CA array limit in bytes; by default (0) just large enough for the waveforms. */
    public SimIocBuilder maxArrayBytes(int maxArrayBytes) {
        this.maxArrayBytes = maxArrayBytes;
        return this;
    }

    /** How long a readback takes to follow its setpoint, default 50 ms. */
    public SimIocBuilder readbackLag(Duration readbackLag) {
        this.readbackLag = readbackLag;
        return this;
    }

    /** How long a put to the ASYNC PV takes to complete, default 200 ms. */
    public SimIocBuilder asyncPutDelay(Duration asyncPutDelay) {
        this.asyncPutDelay = asyncPutDelay;
        return this;
    }

    /** The configuration so far (validated). */
    public SimIocConfig config() {
        return new SimIocConfig(port, prefix, pvCount, updateRateHz, setpointCount, waveformLength,
                maxArrayBytes, readbackLag, asyncPutDelay);
    }

    /** A new, not yet started IOC. */
    public SimulatedIoc build() {
        return new SimulatedIoc(config());
    }
}
