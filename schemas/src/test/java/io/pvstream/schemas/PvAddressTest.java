package io.pvstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.pvstream.schemas.avro.PvConfig;
import io.pvstream.schemas.avro.PvProtocol;

class PvAddressTest {

    @Test
    void theConfiguredProtocolHoldsForANameWithoutPrefix() {
        assertThat(PvAddress.of("SIM:AI", PvProtocol.PVA)).isEqualTo(new PvAddress(PvProtocol.PVA, "SIM:AI"));
        assertThat(PvAddress.of("SIM:AI", PvProtocol.CA)).isEqualTo(new PvAddress(PvProtocol.CA, "SIM:AI"));
        assertThat(PvAddress.of("SIM:AI", null)).isEqualTo(new PvAddress(PvProtocol.CA, "SIM:AI"));
    }

    @Test
    void aPrefixWinsOverTheFieldAndIsStrippedFromTheChannelName() {
        assertThat(PvAddress.of("pva://SIM:AI", PvProtocol.CA)).isEqualTo(new PvAddress(PvProtocol.PVA, "SIM:AI"));
        assertThat(PvAddress.of("PVA://SIM:AI")).isEqualTo(new PvAddress(PvProtocol.PVA, "SIM:AI"));
    }

    @Test
    void aPvConfigWithoutProtocolMeansChannelAccess() {
        assertThat(PvConfig.newBuilder().setName("X").build().getProtocol()).isEqualTo(PvProtocol.CA);
    }
}
