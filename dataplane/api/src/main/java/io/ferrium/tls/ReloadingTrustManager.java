package io.ferrium.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts only certificate chains that lead to a CA in the current bundle (any of them, so a bundle of
 * old and new CA covers a rotation), through the JDK's PKIX validation, which also checks host names
 * when the connection asks for it. An expired or not yet valid peer certificate is reported by name
 * and date.
 */
final class ReloadingTrustManager extends X509ExtendedTrustManager {
  private final Supplier<Generation> generations;
  private final Clock clock;

  ReloadingTrustManager(Supplier<Generation> generations, Clock clock) {
    this.generations = generations;
    this.clock = clock;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    pkixFor(chain).checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    pkixFor(chain).checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    pkixFor(chain).checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    pkixFor(chain).checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    pkixFor(chain).checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    pkixFor(chain).checkServerTrusted(chain, authType, engine);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return generations.get().material().caCertificates().toArray(new X509Certificate[0]);
  }

  private X509ExtendedTrustManager pkixFor(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the peer presented no certificate");
    }
    X509ExtendedTrustManager pkix = generations.get().material().pkixTrustManager();
    if (pkix == null) {
      throw new CertificateException("no CA bundle configured: cannot verify certificate "
          + CertificateValidity.describe(chain[0]));
    }
    CertificateValidity.check(chain[0], clock.instant());
    return pkix;
  }
}
