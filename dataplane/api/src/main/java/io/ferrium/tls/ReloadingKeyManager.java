package io.ferrium.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the current certificate. The peer's list of acceptable CA names ({@code issuers}) is
 * deliberately ignored: during a CA rotation a peer still advertises only the old CA while our new
 * certificate is already issued by the new one (and the peer trusts both), so honouring the hint would
 * make us present nothing and break every new handshake. The key type is honoured.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private final Supplier<Generation> generations;

  ReloadingKeyManager(Supplier<Generation> generations) {
    this.generations = generations;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return aliases(keyType);
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return choose(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return choose(keyTypes);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return aliases(keyType);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return choose(keyType == null ? null : new String[] {keyType});
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return choose(keyType == null ? null : new String[] {keyType});
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    TlsMaterial material = generations.get().materialOf(alias);
    return material == null || material.certificateChain().isEmpty() ? null
        : material.certificateChain().toArray(new X509Certificate[0]);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    TlsMaterial material = generations.get().materialOf(alias);
    return material == null ? null : material.privateKey().orElse(null);
  }

  private String[] aliases(String keyType) {
    String alias = choose(keyType == null ? null : new String[] {keyType});
    return alias == null ? null : new String[] {alias};
  }

  private String choose(String[] keyTypes) {
    Generation generation = generations.get();
    PrivateKey key = generation.material().privateKey().orElse(null);
    if (key == null) {
      return null;
    }
    if (keyTypes == null) {
      return generation.alias();
    }
    for (String keyType : keyTypes) {
      if (keyType != null && keyTypeMatches(keyType, key.getAlgorithm())) {
        return generation.alias();
      }
    }
    return null;
  }

  /**
   * JSSE and netty name key types "RSA", "RSASSA-PSS", "EC", and for static-key suites "EC_EC",
   * "EC_RSA" (key algorithm, then the issuer's), "DH_RSA".
   */
  static boolean keyTypeMatches(String keyType, String keyAlgorithm) {
    return keyType.equals(keyAlgorithm)
        || keyType.startsWith(keyAlgorithm + "_")
        || ("RSA".equals(keyAlgorithm) && "RSASSA-PSS".equals(keyType));
  }
}
