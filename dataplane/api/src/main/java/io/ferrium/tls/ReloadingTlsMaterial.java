package io.ferrium.tls;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key manager and trust manager over PEM files that follow the files as they change: the owner of
 * one party's TLS identity and trust, shared by every surface that speaks TLS.
 *
 * <p>Construction reads the files and fails with a {@link TlsMaterialException} naming the file when
 * one is missing, unreadable, malformed, expired, or when key and certificate do not match. After that,
 * the files are polled (real path after symlinks, modification time, size, then a content hash), so
 * Kubernetes' atomic swap of a Secret volume's {@code ..data} link is followed; new material replaces
 * the old in one step, for new handshakes only. A bad update is logged and the last good material
 * stays in use until the files change again.
 *
 * <pre>{@code
 * ReloadingTlsMaterial tls = ReloadingTlsMaterial.start(TlsFiles.inDirectory(Path.of("/etc/ferrium/tls")));
 * NettyServerBuilder.forPort(port).sslContext(tls.grpcServerContext(ClientAuth.REQUIRE));
 * new GrpcTlsConfig(tls.keyManager(), tls.trustManager(), true);   // Ratis peer traffic
 * sslContextFactory.setSslContext(tls.sslContext());               // Jetty, plus setNeedClientAuth
 * }</pre>
 */
public final class ReloadingTlsMaterial implements AutoCloseable {
  /** What a check for changed files found. */
  public enum Reload {
    /** Nothing changed (or the files are being rewritten right now: looked at again next time). */
    UNCHANGED,
    /** New material is in use. */
    RELOADED,
    /** The files changed but cannot be used; the last good material stays in use. */
    FAILED
  }

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(ReloadingTlsMaterial.class);

  private final TlsFiles files;
  private final Clock clock;
  private final AtomicReference<Generation> generation;
  private final ReloadingKeyManager keyManager;
  private final ReloadingTrustManager trustManager;
  private final List<Consumer<TlsMaterial>> listeners = new CopyOnWriteArrayList<>();
  private final ResumableSessions sessions = new ResumableSessions();
  private final ScheduledExecutorService poller;
  /** Stamp of the files as last examined; guarded by {@code this}. */
  private String lastStamp;
  private volatile TlsMaterialException lastError;
  /** The generation whose expiry was last logged; guarded by {@code this}. */
  private long expiryLoggedFor;

  private ReloadingTlsMaterial(Builder builder) {
    this.files = builder.files;
    this.clock = builder.clock;
    String stamp = WatchedFiles.stamp(files.all());
    TlsMaterial first = TlsMaterial.parse(files, WatchedFiles.read(files.all()), clock.instant());
    this.lastStamp = stamp;
    this.generation = new AtomicReference<>(Generation.first(first));
    this.keyManager = new ReloadingKeyManager(generation::get);
    this.trustManager = new ReloadingTrustManager(generation::get, clock);
    LOG.info("TLS material loaded from {}: {}", files.all(), first);
    if (builder.pollInterval.isZero()) {
      this.poller = null;
    } else {
      this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ferrium-tls-reload");
        thread.setDaemon(true);
        return thread;
      });
      long millis = Math.max(1, builder.pollInterval.toMillis());
      poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** Loads the files (failing if they are unusable) and polls them every second. */
  public static ReloadingTlsMaterial start(TlsFiles files) {
    return builder(files).start();
  }

  public static Builder builder(TlsFiles files) {
    return new Builder(files);
  }

  /** The material in use now. */
  public TlsMaterial current() {
    return generation.get().material();
  }

  /** Presents the current certificate; ignores the peer's CA-name hints. */
  public X509ExtendedKeyManager keyManager() {
    return keyManager;
  }

  /** Trusts chains leading to a CA of the current bundle. */
  public X509ExtendedTrustManager trustManager() {
    return trustManager;
  }

  /**
   * A JSSE context over these managers (client or server side; for Jetty's
   * {@code SslContextFactory.Server#setSslContext}, with client auth set there or by
   * {@link ClientAuth#applyTo}). Engines and socket factories obtained after a reload do a full
   * handshake with the new material: sessions from before are not resumed.
   */
  public SSLContext sslContext() {
    return new PerGenerationSslContext(generation::get, keyManager, trustManager);
  }

  /**
   * A gRPC server context ({@code NettyServerBuilder#sslContext}). Needs an identity. Sessions are not
   * resumed, so every new connection sees the current certificate and is checked against the current
   * CA bundle.
   *
   * @param clientAuth {@link ClientAuth#REQUIRE} for mutual TLS
   */
  public SslContext grpcServerContext(ClientAuth clientAuth) {
    Objects.requireNonNull(clientAuth, "clientAuth");
    if (current().leaf().isEmpty()) {
      throw new IllegalStateException("a TLS server needs a certificate and key; " + files + " has none");
    }
    return tracked(TlsContexts.grpcServer(keyManager, trustManager, clientAuth));
  }

  /**
   * A gRPC client context ({@code NettyChannelBuilder#sslContext}): verifies the server against the CA
   * bundle and its host name, and presents the identity, if any, when the server asks.
   */
  public SslContext grpcClientContext() {
    return tracked(TlsContexts.grpcClient(keyManager, trustManager));
  }

  private SslContext tracked(SslContext context) {
    sessions.track(context.sessionContext());
    return context;
  }

  /** Called with the new material after each successful reload (on the polling thread). */
  public void onReload(Consumer<TlsMaterial> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Why the latest change of the files was not taken, until a later one is. */
  public Optional<TlsMaterialException> lastError() {
    return Optional.ofNullable(lastError);
  }

  public TlsFiles files() {
    return files;
  }

  /**
   * Throws if the certificate in use has expired (its renewal did not arrive): "/etc/tls/tls.crt:
   * certificate CN=x, serial 0x1f expired at 2026-01-01T00:00:00Z (now ...)". Peers reject it from then on.
   */
  public void checkNotExpired() {
    X509Certificate leaf = current().leaf().orElse(null);
    Instant now = clock.instant();
    if (leaf != null && CertificateValidity.isExpired(leaf, now)) {
      throw new TlsMaterialException(files.certificateChain().orElseThrow() + ": "
          + CertificateValidity.expiredMessage(leaf, now));
    }
  }

  /** Looks at the files now, as the poller does, and takes new material if they changed. */
  public synchronized Reload checkForChanges() {
    String stamp = WatchedFiles.stamp(files.all());
    if (stamp.equals(lastStamp)) {
      return Reload.UNCHANGED;
    }
    WatchedFiles.Contents contents;
    try {
      contents = WatchedFiles.read(files.all());
    } catch (TlsMaterialException e) {
      lastStamp = stamp;
      return failed(e);
    }
    if (!stamp.equals(WatchedFiles.stamp(files.all()))) {
      return Reload.UNCHANGED; // changed while we read: a half-finished update; look again next time
    }
    lastStamp = stamp;
    if (contents.sha256().equals(current().contentSha256())) {
      lastError = null;
      return Reload.UNCHANGED;
    }
    TlsMaterial material;
    try {
      material = TlsMaterial.parse(files, contents, clock.instant());
    } catch (TlsMaterialException e) {
      return failed(e);
    }
    TlsMaterial previous = current();
    generation.updateAndGet(g -> g.next(material));
    sessions.forgetAll();
    lastError = null;
    LOG.info("TLS material reloaded from {}: {} (was {})", files.all(), material, previous);
    for (Consumer<TlsMaterial> listener : listeners) {
      try {
        listener.accept(material);
      } catch (RuntimeException e) {
        LOG.warn("TLS reload listener failed", e);
      }
    }
    return Reload.RELOADED;
  }

  private Reload failed(TlsMaterialException error) {
    lastError = error;
    LOG.error("TLS material not reloaded, keeping {}: {}", current(), error.getMessage());
    return Reload.FAILED;
  }

  private void poll() {
    try {
      checkForChanges();
      logExpiryOnce();
    } catch (RuntimeException e) { // keep polling whatever happens
      LOG.error("checking TLS files {} failed", files.all(), e);
    }
  }

  private synchronized void logExpiryOnce() {
    long number = generation.get().number();
    if (number == expiryLoggedFor) {
      return;
    }
    try {
      checkNotExpired();
    } catch (TlsMaterialException e) {
      expiryLoggedFor = number;
      LOG.error("{}; peers will reject it until new files arrive", e.getMessage());
    }
  }

  /** Stops polling; the managers keep serving the last material. */
  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
  }

  /** Options of a {@link ReloadingTlsMaterial}. */
  public static final class Builder {
    private final TlsFiles files;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Clock clock = Clock.systemUTC();

    private Builder(TlsFiles files) {
      this.files = Objects.requireNonNull(files, "files");
    }

    /** How often the files are checked (default 1 s); zero: never, only {@link #checkForChanges}. */
    public Builder pollInterval(Duration pollInterval) {
      if (pollInterval.isNegative()) {
        throw new IllegalArgumentException("pollInterval must not be negative: " + pollInterval);
      }
      this.pollInterval = pollInterval;
      return this;
    }

    /** The clock for validity checks (tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Loads the files now and starts polling. */
    public ReloadingTlsMaterial start() {
      return new ReloadingTlsMaterial(this);
    }
  }
}
