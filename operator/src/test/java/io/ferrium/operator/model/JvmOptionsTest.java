package io.ferrium.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.ferrium.operator.crd.FerriumCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JvmOptionsTest {
  private static final Pattern FLAG =
      Pattern.compile("^\\s*\\S+\\s+(MaxHeapSize|MaxDirectMemorySize)\\s+= (\\d+)", Pattern.MULTILINE);

  @Test
  void aMemoryLimitSizesHeapAndDirectBuffersBelowIt() throws Exception {
    FerriumCluster cluster = ModelBuildersTest.cluster();
    cluster.getSpec().setResources(new ResourceRequirementsBuilder()
        .addToRequests("memory", new Quantity("512Mi")).addToLimits("memory", new Quantity("1Gi")).build());
    Optional<String> options = javaToolOptions(cluster);
    assertThat(options).hasValue("-Xmx409m -XX:MaxDirectMemorySize=204m -XX:+ExitOnOutOfMemoryError"
        + " -XX:TrimNativeHeapInterval=5000");

    // The JVM the pod runs takes them as they are, and stays within the limit.
    Map<String, Long> flags = jvmFlags(options.orElseThrow());
    assertThat(flags.get("MaxHeapSize")).as("409 MiB, rounded up to the heap's alignment")
        .isBetween(409L << 20, 411L << 20);
    assertThat(flags.get("MaxDirectMemorySize")).isEqualTo(204L << 20);
    assertThat(flags.get("MaxHeapSize") + flags.get("MaxDirectMemorySize")).as("heap and direct buffers")
        .isLessThan((1024L << 20) * 6 / 10 + (2L << 20));
  }

  @Test
  void theSpecsOptionsReplaceTheDerivedOnes() {
    FerriumCluster cluster = ModelBuildersTest.cluster();
    cluster.getSpec().setResources(new ResourceRequirementsBuilder()
        .addToLimits("memory", new Quantity("2Gi")).build());
    cluster.getSpec().setJvmOptions("  -Xmx1g -XX:MaxDirectMemorySize=512m ");
    assertThat(javaToolOptions(cluster)).hasValue("-Xmx1g -XX:MaxDirectMemorySize=512m");
  }

  @Test
  void withoutALimitTheImagesDefaultStays() {
    FerriumCluster cluster = ModelBuildersTest.cluster();
    cluster.getSpec().setResources(new ResourceRequirementsBuilder()
        .addToRequests("memory", new Quantity("1Gi")).build());
    assertThat(javaToolOptions(cluster)).isEmpty();
    cluster.getSpec().setResources(null);
    assertThat(javaToolOptions(cluster)).isEmpty();
  }

  @Test
  void limitsInOtherUnitsAreReadInMebibytes() {
    assertThat(JvmOptions.memoryLimitMib(new ResourceRequirementsBuilder()
        .addToLimits("memory", new Quantity("1.5G")).build())).hasValue(1430L);
    assertThat(JvmOptions.memoryLimitMib(new ResourceRequirementsBuilder()
        .addToLimits("memory", new Quantity("268435456")).build())).hasValue(256L);
  }

  private static Optional<String> javaToolOptions(FerriumCluster cluster) {
    Container node = StatefulSetModel.build(ClusterSpec.from(cluster), 3).getSpec().getTemplate().getSpec()
        .getContainers().get(0);
    return node.getEnv().stream().filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS")).map(EnvVar::getValue)
        .findFirst();
  }

  /** Starts this machine's java with the options, as the pod's would, and reads the flags it settled on. */
  private static Map<String, Long> jvmFlags(String options) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(List.of(options.split(" ")));
    command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("java %s:%n%s", options, output).isZero();
    Map<String, Long> flags = new java.util.HashMap<>();
    Matcher m = FLAG.matcher(output);
    while (m.find()) {
      flags.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return flags;
  }
}
