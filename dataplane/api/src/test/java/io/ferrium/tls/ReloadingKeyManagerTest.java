package io.ferrium.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrium.tls.TestPki.Issued;
import io.ferrium.tls.TestPki.KeyType;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingKeyManagerTest {
  @TempDir
  Path dir;

  @Test
  void theAliasChoiceIgnoresThePeersCaNameHint() {
    Issued newCa = TestPki.ca("new-ca", KeyType.RSA);
    Issued leaf = TestPki.leaf(newCa, "node", KeyType.RSA);
    // The peer still advertises only the old CA (its context was built before the rotation).
    Principal[] onlyOldCa = {TestPki.ca("old-ca", KeyType.RSA).certificate().getSubjectX500Principal()};
    try (ReloadingTlsMaterial material = ReloadingTlsMaterial.builder(TestPki.write(dir, leaf, newCa))
        .pollInterval(Duration.ZERO).start()) {
      X509ExtendedKeyManager keyManager = material.keyManager();

      String engineAlias = keyManager.chooseEngineClientAlias(new String[] {"RSA"}, onlyOldCa, null);
      String socketAlias = keyManager.chooseClientAlias(new String[] {"EC", "RSA"}, onlyOldCa, null);

      assertThat(engineAlias).isNotNull().isEqualTo(socketAlias);
      assertThat(keyManager.getCertificateChain(engineAlias)).containsExactly(leaf.certificate());
      assertThat(keyManager.getPrivateKey(engineAlias)).isEqualTo(leaf.key());
      assertThat(keyManager.getClientAliases("RSA", onlyOldCa)).containsExactly(engineAlias);
      assertThat(keyManager.chooseEngineServerAlias("RSA", onlyOldCa, null)).isEqualTo(engineAlias);
    }
  }

  @Test
  void theKeyTypeIsHonoured() {
    Issued ca = TestPki.ca("ca", KeyType.RSA);
    try (ReloadingTlsMaterial material = ReloadingTlsMaterial.builder(
        TestPki.write(dir, TestPki.leaf(ca, "node", KeyType.EC), ca)).pollInterval(Duration.ZERO).start()) {
      X509ExtendedKeyManager keyManager = material.keyManager();

      assertThat(keyManager.chooseEngineClientAlias(new String[] {"RSA"}, null, null)).isNull();
      assertThat(keyManager.chooseEngineClientAlias(new String[] {"RSA", "EC"}, null, null)).isNotNull();
      assertThat(keyManager.chooseEngineServerAlias("EC_EC", null, null)).isNotNull();
    }
  }

  @Test
  void keyTypeNames() {
    assertThat(ReloadingKeyManager.keyTypeMatches("RSA", "RSA")).isTrue();
    assertThat(ReloadingKeyManager.keyTypeMatches("RSASSA-PSS", "RSA")).isTrue();
    assertThat(ReloadingKeyManager.keyTypeMatches("EC", "EC")).isTrue();
    assertThat(ReloadingKeyManager.keyTypeMatches("EC_RSA", "EC")).isTrue();
    assertThat(ReloadingKeyManager.keyTypeMatches("EC", "RSA")).isFalse();
    assertThat(ReloadingKeyManager.keyTypeMatches("DH_RSA", "RSA")).isFalse();
  }
}
