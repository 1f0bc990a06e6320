package io.ferrium.helm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads Kubernetes YAML (every document of a stream) and finds the repository's files. */
final class Manifests {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();
  /** Tests run in helm/; the repository is its parent. */
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final Path CHART = REPO.resolve("helm/ferrium-operator");
  static final Path CRDS = REPO.resolve("crds");
  static final Path SAMPLES = REPO.resolve("samples");
  static final Path RBAC_RULES = REPO.resolve("operator/src/main/resources/io/ferrium/operator/rbac-rules.yaml");

  private Manifests() {}

  /** The non-empty documents of a YAML stream. */
  static List<JsonNode> parse(String yaml) {
    List<JsonNode> documents = new ArrayList<>();
    // One tree per document (a reader's readValues would also split a document that is a list).
    try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
      while (parser.nextToken() != null) {
        JsonNode document = YAML.readTree(parser);
        if (document != null && !document.isNull() && !document.isMissingNode() && !document.isEmpty()) {
          documents.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  static List<JsonNode> read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** YAML files directly in {@code dir}, sorted by name. */
  static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  static Optional<JsonNode> find(List<JsonNode> objects, String kind, String name) {
    return ofKind(objects, kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
  }

  static JsonNode get(List<JsonNode> objects, String kind, String name) {
    return find(objects, kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in "
        + objects.stream().map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()).toList()));
  }
}
