package io.ferrium.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrium.tls.ReloadingTlsMaterial.Reload;
import io.ferrium.tls.TestPki.Issued;
import io.ferrium.tls.TestPki.KeyType;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingTrustManagerTest {
  @TempDir
  Path dir;

  private final Issued oldCa = TestPki.ca("old-ca", KeyType.RSA);
  private final Issued newCa = TestPki.ca("new-ca", KeyType.EC);
  private final Issued foreignCa = TestPki.ca("foreign-ca", KeyType.RSA);
  private ReloadingTlsMaterial material;

  @AfterEach
  void stop() {
    if (material != null) {
      material.close();
    }
  }

  private X509ExtendedTrustManager trusting(Issued... cas) {
    material = ReloadingTlsMaterial.builder(TestPki.write(dir, TestPki.leaf(cas[0], "self", KeyType.RSA), cas))
        .pollInterval(Duration.ZERO).start();
    return material.trustManager();
  }

  private static X509Certificate[] chain(Issued leaf) {
    return new X509Certificate[] {leaf.certificate()};
  }

  @Test
  void acceptsLeavesOfEitherCaOfABundle() {
    X509ExtendedTrustManager trust = trusting(oldCa, newCa);
    Issued fromOld = TestPki.leaf(oldCa, "a", KeyType.RSA);
    Issued fromNew = TestPki.leaf(newCa, "b", KeyType.EC);

    assertThatCode(() -> {
      trust.checkClientTrusted(chain(fromOld), "UNKNOWN");
      trust.checkServerTrusted(chain(fromOld), "UNKNOWN");
      trust.checkClientTrusted(chain(fromNew), "UNKNOWN");
      trust.checkServerTrusted(chain(fromNew), "UNKNOWN");
    }).doesNotThrowAnyException();
    assertThat(trust.getAcceptedIssuers()).containsExactly(oldCa.certificate(), newCa.certificate());
  }

  @Test
  void rejectsALeafOfAForeignCa() {
    X509ExtendedTrustManager trust = trusting(oldCa, newCa);
    Issued foreign = TestPki.leaf(foreignCa, "intruder", KeyType.RSA);

    assertThatThrownBy(() -> trust.checkClientTrusted(chain(foreign), "UNKNOWN"))
        .isInstanceOf(CertificateException.class);
    assertThatThrownBy(() -> trust.checkServerTrusted(chain(foreign), "UNKNOWN"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void rejectsAnExpiredPeerCertificateSayingWhichAndWhen() {
    X509ExtendedTrustManager trust = trusting(oldCa);
    Instant expiry = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    Issued expired = TestPki.leaf(oldCa, "late", KeyType.RSA, expiry.minus(Duration.ofDays(1)), expiry);

    assertThatThrownBy(() -> trust.checkClientTrusted(chain(expired), "UNKNOWN"))
        .isInstanceOf(CertificateExpiredException.class)
        .hasMessageStartingWith("certificate CN=late, serial 0x" + expired.serial().toString(16)
            + " expired at " + expiry);
  }

  @Test
  void droppingTheOldCaFromTheBundleStopsTrustingItsLeaves() {
    X509ExtendedTrustManager trust = trusting(oldCa, newCa);
    Issued fromOld = TestPki.leaf(oldCa, "a", KeyType.RSA);
    assertThatCode(() -> trust.checkClientTrusted(chain(fromOld), "UNKNOWN")).doesNotThrowAnyException();

    TestPki.write(dir, TestPki.leaf(newCa, "self", KeyType.RSA), newCa);
    assertThat(material.checkForChanges()).isEqualTo(Reload.RELOADED);

    assertThatThrownBy(() -> trust.checkClientTrusted(chain(fromOld), "UNKNOWN"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void withoutACaBundleNothingIsTrusted() {
    TestPki.write(dir, TestPki.leaf(oldCa, "self", KeyType.RSA), oldCa);
    TlsFiles identityOnly = new TlsFiles(Optional.of(dir.resolve("tls.crt")), Optional.of(dir.resolve("tls.key")),
        Optional.empty());
    material = ReloadingTlsMaterial.builder(identityOnly).pollInterval(Duration.ZERO).start();
    Issued leaf = TestPki.leaf(oldCa, "a", KeyType.RSA);

    assertThatThrownBy(() -> material.trustManager().checkClientTrusted(chain(leaf), "UNKNOWN"))
        .isInstanceOf(CertificateException.class).hasMessageContaining("no CA bundle configured");
  }
}
