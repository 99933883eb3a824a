package org.toolboxai.lms.schoology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

/** The signer against the published example of OAuth Core 1.0, Appendix A (photos.example.net). */
class OAuth1Test {

    @Test
    void theSignatureOfThePublishedExampleIsReproduced() {
        String header = OAuth1.header("GET", URI.create("http://photos.example.net/photos?file=vacation.jpg&size=original"),
                "dpf43f3p2l4k3l03", "kd94hf93k423kf44", "nnch734d00sl2jdk", "pfkkdhi9sl3r4s00", "kllo9940pd9333jh", "1191242096");

        assertThat(header).startsWith("OAuth realm=\"Schoology API\", oauth_consumer_key=\"dpf43f3p2l4k3l03\"")
                .endsWith("oauth_signature=\"" + OAuth1.encode("tR3+Ty81lMeYAr/Fid0kMTYa/WM=") + "\"");
    }

    @Test
    void encodingIsRfc3986() {
        assertThat(OAuth1.encode("a b+c~d*e/f")).isEqualTo("a%20b%2Bc~d%2Ae%2Ff");
        assertThat(OAuth1.baseUrl(URI.create("HTTPS://Api.Schoology.com:443/v1/sections?start=0"))).isEqualTo("https://api.schoology.com/v1/sections");
    }
}
