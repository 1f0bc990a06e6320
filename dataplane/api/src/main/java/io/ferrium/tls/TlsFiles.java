package io.ferrium.tls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a party's TLS material lives: its certificate chain and private key (together, or neither for
 * a party that only verifies others) and the CA bundle it trusts.
 *
 * @param certificateChain PEM file with the leaf certificate followed by its intermediates
 *     ({@code tls.crt}); empty when there is no own identity
 * @param privateKey PEM file with the leaf's private key ({@code tls.key}); RSA or EC, PKCS#8, PKCS#1
 *     or SEC1; present exactly when {@code certificateChain} is
 * @param caBundle PEM file with one or more CA certificates ({@code ca.crt}); peers must chain to one of
 *     them. Empty when this party verifies nobody (then every peer certificate is rejected).
 */
public record TlsFiles(Optional<Path> certificateChain, Optional<Path> privateKey, Optional<Path> caBundle) {
  public static final String CERTIFICATE_FILE = "tls.crt";
  public static final String KEY_FILE = "tls.key";
  public static final String CA_FILE = "ca.crt";

  public TlsFiles {
    if (certificateChain.isPresent() != privateKey.isPresent()) {
      throw new IllegalArgumentException("a certificate chain and a private key go together: got "
          + certificateChain.map(p -> "certificate " + p).orElse("no certificate") + " and "
          + privateKey.map(p -> "key " + p).orElse("no key"));
    }
    if (certificateChain.isEmpty() && caBundle.isEmpty()) {
      throw new IllegalArgumentException("TLS needs a certificate and key, a CA bundle, or both");
    }
  }

  /**
   * The layout of a mounted cert-manager Secret: {@code dir/tls.crt}, {@code dir/tls.key} and
   * {@code dir/ca.crt}.
   */
  public static TlsFiles inDirectory(Path dir) {
    return new TlsFiles(Optional.of(dir.resolve(CERTIFICATE_FILE)), Optional.of(dir.resolve(KEY_FILE)),
        Optional.of(dir.resolve(CA_FILE)));
  }

  /** An identity and the CA bundle it trusts. */
  public static TlsFiles of(Path certificateChain, Path privateKey, Path caBundle) {
    return new TlsFiles(Optional.of(certificateChain), Optional.of(privateKey), Optional.of(caBundle));
  }

  /** Only a CA bundle: a client that verifies the server but presents no certificate. */
  public static TlsFiles trusting(Path caBundle) {
    return new TlsFiles(Optional.empty(), Optional.empty(), Optional.of(caBundle));
  }

  /** The files that are set, in a fixed order (certificate, key, CA bundle). */
  public List<Path> all() {
    List<Path> files = new ArrayList<>(3);
    certificateChain.ifPresent(files::add);
    privateKey.ifPresent(files::add);
    caBundle.ifPresent(files::add);
    return files;
  }
}
