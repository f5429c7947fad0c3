package io.pvstream.query.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobPatternTest {

    private static boolean matches(String pattern, String name) {
        return GlobPattern.compile(pattern).matches(name);
    }

    @Test
    void starMatchesAnyRunIncludingNone() {
        assertThat(matches("SIM:*", "SIM:PV00001")).isTrue();
        assertThat(matches("SIM:*", "SIM:")).isTrue();
        assertThat(matches("*", "")).isTrue();
        assertThat(matches("*", "ANY:THING")).isTrue();
        assertThat(matches("SIM:*", "IOCB:PV00001")).isFalse();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        assertThat(matches("SIM:PV0000?", "SIM:PV00001")).isTrue();
        assertThat(matches("SIM:PV0000?", "SIM:PV0000")).isFalse();
        assertThat(matches("SIM:PV0000?", "SIM:PV000012")).isFalse();
    }

    @Test
    void starsAnywhereBacktrack() {
        assertThat(matches("*:TEMP", "LINAC:RF:TEMP")).isTrue();
        assertThat(matches("*:TEMP", "LINAC:RF:TEMPERATURE")).isFalse();
        assertThat(matches("A*B*C", "AxxBxxBxxC")).isTrue();
        assertThat(matches("A*B*C", "AxxBxxCxxB")).isFalse();
        assertThat(matches("*PV*1", "SIM:PV00011")).isTrue();
        assertThat(matches("**", "x")).isTrue();
    }

    @Test
    void withoutWildcardsItIsAnExactName() {
        assertThat(matches("SIM:PV1", "SIM:PV1")).isTrue();
        assertThat(matches("SIM:PV1", "SIM:PV10")).isFalse();
        assertThat(GlobPattern.hasWildcard("SIM:PV1")).isFalse();
        assertThat(GlobPattern.hasWildcard("SIM:PV?")).isTrue();
    }

    @Test
    void literalPrefixEndsAtTheFirstWildcard() {
        assertThat(GlobPattern.compile("SIM:PV*1").literalPrefix()).isEqualTo("SIM:PV");
        assertThat(GlobPattern.compile("SIM:?V").literalPrefix()).isEqualTo("SIM:");
        assertThat(GlobPattern.compile("*").literalPrefix()).isEmpty();
        assertThat(GlobPattern.compile("SIM:A").literalPrefix()).isEqualTo("SIM:A");
    }

    @Test
    void regexCharactersAreLiterals() {
        assertThat(matches("A.B[1]*", "A.B[1]:X")).isTrue();
        assertThat(matches("A.B*", "AxB")).isFalse();
    }
}
