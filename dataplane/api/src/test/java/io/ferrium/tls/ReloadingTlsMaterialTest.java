package io.ferrium.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ferrium.tls.ReloadingTlsMaterial.Reload;
import io.ferrium.tls.TestPki.Issued;
import io.ferrium.tls.TestPki.KeyType;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingTlsMaterialTest {
  private static final Duration FAST_POLL = Duration.ofMillis(50);

  @TempDir
  Path dir;

  private final Issued ca = TestPki.ca("ca", KeyType.RSA);
  private final List<ReloadingTlsMaterial> started = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(ReloadingTlsMaterial::close);
  }

  private ReloadingTlsMaterial start(TlsFiles files, Duration poll) {
    ReloadingTlsMaterial material = ReloadingTlsMaterial.builder(files).pollInterval(poll).start();
    started.add(material);
    return material;
  }

  private static BigInteger presentedSerial(X509ExtendedKeyManager keyManager) {
    String alias = keyManager.chooseEngineServerAlias("RSA", null, null);
    return keyManager.getCertificateChain(alias)[0].getSerialNumber();
  }

  @Test
  void picksUpRewrittenFilesByPolling() {
    TlsFiles files = TestPki.write(dir, TestPki.leaf(ca, "node", KeyType.RSA), ca);
    ReloadingTlsMaterial material = start(files, FAST_POLL);
    Issued renewed = TestPki.leaf(ca, "node", KeyType.RSA);

    TestPki.write(dir, renewed, ca);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(presentedSerial(material.keyManager())).isEqualTo(renewed.serial()));
    assertThat(material.current().leaf()).get().isEqualTo(renewed.certificate());
    assertThat(material.lastError()).isEmpty();
  }

  @Test
  void followsTheKubernetesDataSymlinkSwap() throws Exception {
    KubernetesSecretVolume volume = new KubernetesSecretVolume(dir);
    Issued first = TestPki.leaf(ca, "node", KeyType.RSA);
    volume.publish(d -> TestPki.write(d, first, ca));
    assertThat(Files.isSymbolicLink(dir.resolve("tls.crt"))).isTrue();
    ReloadingTlsMaterial material = start(volume.files(), FAST_POLL);
    assertThat(presentedSerial(material.keyManager())).isEqualTo(first.serial());

    Issued second = TestPki.leaf(ca, "node", KeyType.EC);
    volume.publish(d -> TestPki.write(d, second, ca));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(material.current().leaf()).get().isEqualTo(second.certificate()));
    assertThat(material.keyManager().chooseEngineServerAlias("EC", null, null)).isNotNull();
    assertThat(material.keyManager().chooseEngineServerAlias("RSA", null, null)).isNull();
  }

  @Test
  void aBadUpdateKeepsTheLastGoodMaterialUntilTheFilesAreFixed() throws Exception {
    Issued first = TestPki.leaf(ca, "node", KeyType.RSA);
    TlsFiles files = TestPki.write(dir, first, ca);
    ReloadingTlsMaterial material = start(files, Duration.ZERO);

    Files.writeString(dir.resolve("tls.crt"), "garbage");

    assertThat(material.checkForChanges()).isEqualTo(Reload.FAILED);
    assertThat(material.lastError()).get().extracting(Throwable::getMessage).asString()
        .startsWith(dir.resolve("tls.crt").toString());
    assertThat(presentedSerial(material.keyManager())).isEqualTo(first.serial());
    assertThat(material.checkForChanges()).as("the same bad files are not retried").isEqualTo(Reload.UNCHANGED);

    Issued fixed = TestPki.leaf(ca, "node", KeyType.RSA);
    TestPki.write(dir, fixed, ca);

    assertThat(material.checkForChanges()).isEqualTo(Reload.RELOADED);
    assertThat(presentedSerial(material.keyManager())).isEqualTo(fixed.serial());
    assertThat(material.lastError()).isEmpty();
  }

  @Test
  void thePollerReportsABadUpdateAndKeepsServing() throws Exception {
    Issued first = TestPki.leaf(ca, "node", KeyType.RSA);
    TlsFiles files = TestPki.write(dir, first, ca);
    ReloadingTlsMaterial material = start(files, FAST_POLL);

    Files.delete(dir.resolve("tls.key"));

    await().atMost(Duration.ofSeconds(10)).until(() -> material.lastError().isPresent());
    assertThat(material.lastError().get()).hasMessageStartingWith(dir.resolve("tls.key") + ": cannot read");
    assertThat(presentedSerial(material.keyManager())).isEqualTo(first.serial());
  }

  @Test
  void anExpiredReplacementIsRefused() {
    TlsFiles files = TestPki.write(dir, TestPki.leaf(ca, "node", KeyType.RSA), ca);
    ReloadingTlsMaterial material = start(files, Duration.ZERO);
    Instant past = Instant.now().minus(Duration.ofDays(1));

    TestPki.write(dir, TestPki.leaf(ca, "node", KeyType.RSA, past.minus(Duration.ofDays(1)), past), ca);

    assertThat(material.checkForChanges()).isEqualTo(Reload.FAILED);
    assertThat(material.lastError().get()).hasMessageContaining("expired at");
  }

  @Test
  void aCertificateThatExpiresInUseIsReportedClearly() {
    Instant expiry = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    Issued leaf = TestPki.leaf(ca, "node", KeyType.RSA, expiry.minus(Duration.ofDays(1)), expiry);
    TlsFiles files = TestPki.write(dir, leaf, ca);
    AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    Clock clock = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    ReloadingTlsMaterial material = ReloadingTlsMaterial.builder(files).pollInterval(Duration.ZERO).clock(clock).start();
    started.add(material);
    material.checkNotExpired();

    now.set(expiry.plus(Duration.ofMinutes(1)));

    assertThatThrownBy(material::checkNotExpired).isInstanceOf(TlsMaterialException.class)
        .hasMessageStartingWith(dir.resolve("tls.crt") + ": certificate CN=node, serial 0x"
            + leaf.serial().toString(16) + " expired at " + expiry);
    assertThatThrownBy(() -> material.trustManager().checkClientTrusted(
        new X509Certificate[] {leaf.certificate()}, "UNKNOWN")).hasMessageContaining("expired at " + expiry);
  }

  @Test
  void touchingTheFilesWithoutChangingThemDoesNotReload() throws Exception {
    TlsFiles files = TestPki.write(dir, TestPki.leaf(ca, "node", KeyType.RSA), ca);
    ReloadingTlsMaterial material = start(files, Duration.ZERO);
    TlsMaterial before = material.current();

    Files.setLastModifiedTime(dir.resolve("tls.crt"), FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(material.checkForChanges()).isEqualTo(Reload.UNCHANGED);
    assertThat(material.current()).isSameAs(before);
  }

  @Test
  void aHandshakeThatChoseAnAliasBeforeAReloadStillGetsAMatchingChainAndKey() {
    Issued first = TestPki.leaf(ca, "node", KeyType.RSA);
    TlsFiles files = TestPki.write(dir, first, ca);
    ReloadingTlsMaterial material = start(files, Duration.ZERO);
    String alias = material.keyManager().chooseEngineServerAlias("RSA", null, null);

    TestPki.write(dir, TestPki.leaf(ca, "node", KeyType.RSA), ca);
    assertThat(material.checkForChanges()).isEqualTo(Reload.RELOADED);

    assertThat(material.keyManager().getCertificateChain(alias)[0]).isEqualTo(first.certificate());
    assertThat(material.keyManager().getPrivateKey(alias)).isEqualTo(first.key());
    assertThat(material.keyManager().chooseEngineServerAlias("RSA", null, null)).isNotEqualTo(alias);
  }

  @Test
  void listenersHearOfEachReload() {
    TlsFiles files = TestPki.write(dir, TestPki.leaf(ca, "node", KeyType.RSA), ca);
    ReloadingTlsMaterial material = start(files, Duration.ZERO);
    List<TlsMaterial> heard = new CopyOnWriteArrayList<>();
    material.onReload(heard::add);

    TestPki.write(dir, TestPki.leaf(ca, "node", KeyType.RSA), ca);
    material.checkForChanges();

    assertThat(heard).containsExactly(material.current());
  }

  @Test
  void startingOnGarbageFailsNamingTheFile() throws Exception {
    TlsFiles files = TestPki.write(dir, TestPki.leaf(ca, "node", KeyType.RSA), ca);
    Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> start(files, FAST_POLL)).isInstanceOf(TlsMaterialException.class)
        .hasMessageStartingWith(dir.resolve("ca.crt").toString());
  }

  @Test
  void aServerContextNeedsAnIdentity() {
    TestPki.write(dir, TestPki.leaf(ca, "node", KeyType.RSA), ca);
    ReloadingTlsMaterial material = start(TlsFiles.trusting(dir.resolve("ca.crt")), Duration.ZERO);

    assertThatThrownBy(() -> material.grpcServerContext(ClientAuth.NONE))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a certificate and key");
    assertThat(material.keyManager().chooseEngineClientAlias(new String[] {"RSA"}, null, null)).isNull();
  }
}
