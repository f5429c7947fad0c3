package io.pvstream.ingest.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.cosylab.epics.caj.CAJContext;

import gov.aps.jca.JCALibrary;
import gov.aps.jca.configuration.DefaultConfiguration;
import io.pvstream.ingest.IngestConfig;

class CaContextFactoryTest {

    private static IngestConfig config(Map<String, Object> overrides) {
        return IngestConfig.load(Map.of(), overrides);
    }

    @Test
    void configurationCarriesTheCajAttributes() throws Exception {
        DefaultConfiguration conf = CaContextFactory.configurationOf(config(Map.of(
                IngestConfig.CA_ADDR_LIST, "127.0.0.1:5099", IngestConfig.CA_MAX_ARRAY_BYTES, "1000000")));
        assertThat(conf.getAttribute("class")).isEqualTo(JCALibrary.CHANNEL_ACCESS_JAVA);
        assertThat(conf.getAttribute("addr_list")).isEqualTo("127.0.0.1:5099");
        assertThat(conf.getAttribute("auto_addr_list")).isEqualTo("false");
        assertThat(conf.getAttribute("max_array_bytes")).isEqualTo("1000000");
        assertThat(conf.getAttribute("max_search_interval")).isEqualTo("2.0");
    }

    @Test
    void twoContextsInOneJvmGetTheirOwnSettings() throws Exception {
        CAJContext first = CaContextFactory.create(config(Map.of(
                IngestConfig.CA_ADDR_LIST, "127.0.0.1:5101", IngestConfig.CA_MAX_ARRAY_BYTES, "100000")));
        CAJContext second = CaContextFactory.create(config(Map.of(
                IngestConfig.CA_ADDR_LIST, "127.0.0.1:5102", IngestConfig.CA_MAX_SEARCH_INTERVAL, "5")));
        try {
            assertThat(first.getAddressList()).isEqualTo("127.0.0.1:5101");
            assertThat(first.isAutoAddressList()).isFalse();
            assertThat(first.getMaxArrayBytes()).isEqualTo(100000);
            assertThat(first.getMaxSearchInterval()).isEqualTo(2.0f);
            assertThat(second.getAddressList()).isEqualTo("127.0.0.1:5102");
            assertThat(second.getMaxSearchInterval()).isEqualTo(5.0f);
            assertThat(System.getProperty("CA_DISABLE_REPEATER")).isEqualTo("true");
        } finally {
            first.destroy();
            second.destroy();
        }
    }
}
