package io.ferrium.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs the openssl scripts in {@code certs/} (when openssl is installed) and uses what they make. */
class CertsScriptsTest {
  @TempDir
  Path out;

  private static Path certsDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("certs/dev-certs.sh"))) {
        return dir.resolve("certs");
      }
    }
    throw new IllegalStateException("no certs/dev-certs.sh above " + Path.of("").toAbsolutePath());
  }

  private static boolean opensslInstalled() {
    try {
      Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs a script of certs/ with bash; returns its exit code and output. */
  private static Script run(String script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", certsDir().resolve(script).toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    return new Script(process.exitValue(), output);
  }

  private record Script(int exitCode, String output) {}

  private static ReloadingTlsMaterial load(Path dir) {
    return ReloadingTlsMaterial.builder(TlsFiles.inDirectory(dir)).pollInterval(Duration.ZERO).start();
  }

  @ParameterizedTest(name = "{0} keys, {1}")
  @CsvSource({"rsa, pkcs8", "ec, pkcs1"})
  void devCertsGiveANodeAndAClientThatTalkMutualTls(String keyType, String keyFormat) throws Exception {
    assumeTrue(opensslInstalled(), "openssl is not on PATH");

    Script script = run("dev-certs.sh", "--cluster", "kv", "--namespace", "prod", "--replicas", "2",
        "--key-type", keyType, "--key-format", keyFormat, out.toString());

    assertThat(script.exitCode()).as(script.output()).isZero();
    for (String dir : List.of("ca", "node", "client")) {
      for (String file : List.of("tls.crt", "tls.key", "ca.crt")) {
        assertThat(out.resolve(dir).resolve(file)).isRegularFile();
      }
    }
    if (keyFormat.equals("pkcs1")) {
      assertThat(Files.readString(out.resolve("node/tls.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
    }
    try (ReloadingTlsMaterial node = load(out.resolve("node")); ReloadingTlsMaterial client = load(out.resolve("client"))) {
      X509Certificate nodeLeaf = node.current().leaf().orElseThrow();
      assertThat(subjectAlternativeNames(nodeLeaf)).contains("127.0.0.1", "localhost", "kv.prod.svc",
          "kv.prod.svc.cluster.local", "*.kv-peer.prod.svc", "kv-0.kv-peer.prod.svc", "kv-1.kv-peer.prod.svc",
          "kv-1.kv-peer.prod.svc.cluster.local");
      assertThat(nodeLeaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
      assertThat(node.current().privateKey().orElseThrow().getAlgorithm()).isEqualTo(keyType.toUpperCase());

      JsseHandshake.Result result = JsseHandshake.run(node, ClientAuth.REQUIRE, client);

      assertThat(result.serverSerial()).isEqualTo(nodeLeaf.getSerialNumber());
      assertThat(result.clientSubject()).isEqualTo("CN=ferrium-client");
    }
  }

  @Test
  void aNodeCertificateFromANewCaCanCarryABundleOfBothCas() throws Exception {
    assumeTrue(opensslInstalled(), "openssl is not on PATH");
    assertThat(run("ca.sh", "--name", "old CA", out.resolve("old").toString()).exitCode()).isZero();
    assertThat(run("ca.sh", "--name", "new CA", "--key-type", "ec", out.resolve("new").toString()).exitCode()).isZero();

    Script node = run("node.sh", "--ca", out.resolve("new").toString(), "--trust",
        out.resolve("old/tls.crt").toString(), out.resolve("node").toString());

    assertThat(node.exitCode()).as(node.output()).isZero();
    try (ReloadingTlsMaterial material = load(out.resolve("node"))) {
      assertThat(material.current().caCertificates()).extracting(c -> c.getSubjectX500Principal().getName())
          .containsExactly("CN=new CA", "CN=old CA");
    }
  }

  @Test
  void reissuingIntoAWatchedDirectoryIsPickedUp() throws Exception {
    assumeTrue(opensslInstalled(), "openssl is not on PATH");
    assertThat(run("dev-certs.sh", out.toString()).exitCode()).isZero();
    try (ReloadingTlsMaterial node = ReloadingTlsMaterial.builder(TlsFiles.inDirectory(out.resolve("node")))
        .pollInterval(Duration.ofMillis(50)).start()) {
      BigInteger first = node.current().leaf().orElseThrow().getSerialNumber();

      Script renewed = run("node.sh", "--ca", out.resolve("ca").toString(), "--key-type", "ec",
          out.resolve("node").toString());

      assertThat(renewed.exitCode()).as(renewed.output()).isZero();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(node.current().leaf().orElseThrow().getSerialNumber()).isNotEqualTo(first);
        assertThat(node.current().privateKey().orElseThrow().getAlgorithm()).isEqualTo("EC");
      });
    }
  }

  @Test
  void scriptsRefuseBadArguments() throws Exception {
    assumeTrue(opensslInstalled(), "openssl is not on PATH");

    Script noCa = run("node.sh", out.resolve("node").toString());
    Script badCluster = run("node.sh", "--ca", out.toString(), "--cluster", "Not_A_Label", out.resolve("node").toString());

    assertThat(noCa.exitCode()).isEqualTo(2);
    assertThat(noCa.output()).contains("usage:");
    assertThat(badCluster.exitCode()).isEqualTo(2);
    assertThat(badCluster.output()).contains("--cluster must be a DNS label");
    assertThat(out.resolve("node")).doesNotExist();
  }

  private static List<String> subjectAlternativeNames(X509Certificate certificate) throws Exception {
    List<String> names = new ArrayList<>();
    for (List<?> name : certificate.getSubjectAlternativeNames()) {
      names.add(String.valueOf(name.get(1)));
    }
    return names;
  }
}
