package io.ferrium.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrium.tls.TestPki.Issued;
import io.ferrium.tls.TestPki.KeyEncoding;
import io.ferrium.tls.TestPki.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TlsMaterialTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} key, {1}")
  @CsvSource({"RSA, PKCS8", "RSA, TRADITIONAL", "EC, PKCS8", "EC, TRADITIONAL"})
  void loadsRsaAndEcKeysInPkcs8AndTraditionalEncodings(KeyType type, KeyEncoding encoding) throws Exception {
    Issued ca = TestPki.ca("ca", type);
    Issued leaf = TestPki.leaf(ca, "node", type);
    TlsFiles files = TestPki.write(dir, leaf, encoding, ca);
    assertThat(Files.readString(dir.resolve("tls.key"))).startsWith(switch (encoding) {
      case PKCS8 -> "-----BEGIN PRIVATE KEY-----";
      case TRADITIONAL -> "-----BEGIN " + type + " PRIVATE KEY-----";
    });

    TlsMaterial material = TlsMaterial.load(files);

    assertThat(material.leaf()).get().extracting(c -> c.getSerialNumber()).isEqualTo(leaf.serial());
    assertThat(material.privateKey()).get().extracting(k -> k.getAlgorithm()).isEqualTo(type.name());
    assertThat(material.caCertificates()).containsExactly(ca.certificate());
  }

  @Test
  void readsAnEcKeyPrecededByAnEcParametersBlockAsOpensslWritesIt() throws Exception {
    Issued ca = TestPki.ca("ca", KeyType.EC);
    Issued leaf = TestPki.leaf(ca, "node", KeyType.EC);
    TlsFiles files = TestPki.write(dir, leaf, KeyEncoding.TRADITIONAL, ca);
    String parameters = TestPki.pem(new PemObject("EC PARAMETERS", SECObjectIdentifiers.secp256r1.getEncoded()));
    Files.writeString(dir.resolve("tls.key"), parameters + Files.readString(dir.resolve("tls.key")));

    assertThat(TlsMaterial.load(files).privateKey()).isPresent();
  }

  @Test
  void readsAChainAndABundleOfSeveralCas() {
    Issued oldCa = TestPki.ca("old-ca", KeyType.RSA);
    Issued newCa = TestPki.ca("new-ca", KeyType.EC);
    TlsFiles files = TestPki.write(dir, TestPki.leaf(newCa, "node", KeyType.RSA), oldCa, newCa);

    assertThat(TlsMaterial.load(files).caCertificates()).containsExactly(oldCa.certificate(), newCa.certificate());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tls.crt", "tls.key", "ca.crt"})
  void garbageInAFileIsReportedWithTheFileName(String name) throws Exception {
    Issued ca = TestPki.ca("ca", KeyType.RSA);
    TlsFiles files = TestPki.write(dir, TestPki.leaf(ca, "node", KeyType.RSA), ca);
    Files.writeString(dir.resolve(name), "this is not PEM\n");

    assertThatThrownBy(() -> TlsMaterial.load(files)).isInstanceOf(TlsMaterialException.class)
        .hasMessageStartingWith(dir.resolve(name).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tls.crt", "tls.key", "ca.crt"})
  void aCorruptPemBlockIsReportedWithTheFileName(String name) throws Exception {
    Issued ca = TestPki.ca("ca", KeyType.RSA);
    TlsFiles files = TestPki.write(dir, TestPki.leaf(ca, "node", KeyType.RSA), ca);
    String type = name.equals("tls.key") ? "PRIVATE KEY" : "CERTIFICATE";
    Files.writeString(dir.resolve(name), "-----BEGIN " + type + "-----\nMIIB!!not base64 at all\n-----END " + type + "-----\n");

    assertThatThrownBy(() -> TlsMaterial.load(files)).isInstanceOf(TlsMaterialException.class)
        .hasMessageStartingWith(dir.resolve(name).toString());
  }

  @Test
  void aMissingFileIsReportedWithTheFileName() throws Exception {
    Issued ca = TestPki.ca("ca", KeyType.RSA);
    TlsFiles files = TestPki.write(dir, TestPki.leaf(ca, "node", KeyType.RSA), ca);
    Files.delete(dir.resolve("ca.crt"));

    assertThatThrownBy(() -> TlsMaterial.load(files)).isInstanceOf(TlsMaterialException.class)
        .hasMessageStartingWith(dir.resolve("ca.crt") + ": cannot read");
  }

  @Test
  void aKeyOfAnotherCertificateIsRejected() throws Exception {
    Issued ca = TestPki.ca("ca", KeyType.RSA);
    TlsFiles files = TestPki.write(dir, TestPki.leaf(ca, "node", KeyType.RSA), ca);
    Issued other = TestPki.leaf(ca, "other", KeyType.RSA);
    Files.writeString(dir.resolve("tls.key"), TestPki.keyPem(other.key(), KeyEncoding.PKCS8));

    assertThatThrownBy(() -> TlsMaterial.load(files)).isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining(dir.resolve("tls.key") + ": the private key does not belong to certificate CN=node");
  }

  @Test
  void anExpiredCertificateSaysWhichAndWhen() {
    Issued ca = TestPki.ca("ca", KeyType.RSA);
    Instant expiry = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Issued expired = TestPki.leaf(ca, "node", KeyType.RSA, expiry.minus(Duration.ofDays(1)), expiry);
    TlsFiles files = TestPki.write(dir, expired, ca);

    assertThatThrownBy(() -> TlsMaterial.load(files)).isInstanceOf(TlsMaterialException.class)
        .hasMessageStartingWith(dir.resolve("tls.crt") + ": certificate CN=node, serial 0x"
            + expired.serial().toString(16) + " expired at " + expiry);
  }

  @Test
  void aClientMayHaveOnlyACaBundle() {
    Issued ca = TestPki.ca("ca", KeyType.RSA);
    TestPki.write(dir, TestPki.leaf(ca, "node", KeyType.RSA), ca);

    TlsMaterial material = TlsMaterial.load(TlsFiles.trusting(dir.resolve("ca.crt")));

    assertThat(material.leaf()).isEmpty();
    assertThat(material.caCertificates()).hasSize(1);
  }

  @Test
  void aCertificateWithoutKeyIsAConfigurationError() {
    assertThatThrownBy(() -> new TlsFiles(Optional.of(dir.resolve("tls.crt")), Optional.empty(),
        Optional.of(dir.resolve("ca.crt")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no key");
  }
}
