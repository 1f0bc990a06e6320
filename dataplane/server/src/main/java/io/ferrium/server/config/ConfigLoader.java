package io.ferrium.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds a {@link NodeConfig} from defaults, an optional TOML file, environment variables
 * ({@code FERRIUM_<SECTION>_<KEY>}) and command-line overrides ({@code section.key=value}), in
 * that order of precedence, then validates it.
 */
public final class ConfigLoader {
  public static final String ENV_PREFIX = "FERRIUM_";
  private static final TomlMapper MAPPER = TomlMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
      .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private ConfigLoader() {
  }

  /** Loads and validates the configuration. */
  public static NodeConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> overrides)
      throws ConfigException {
    ObjectNode tree = MAPPER.valueToTree(new NodeConfig());
    if (file.isPresent()) {
      merge(tree, readFile(file.get()), "");
    }
    for (Map.Entry<String, String> e : fromEnvironment(env).entrySet()) {
      set(tree, e.getKey(), e.getValue(), "environment variable " + envName(e.getKey()));
    }
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      set(tree, e.getKey(), e.getValue(), "command-line option --set " + e.getKey());
    }
    NodeConfig config;
    try {
      config = MAPPER.treeToValue(tree, NodeConfig.class);
    } catch (JsonProcessingException e) {
      throw new ConfigException("invalid configuration: " + describe(e), e);
    }
    ConfigValidator.validate(config);
    return config;
  }

  /** The documented default configuration file, as shipped. */
  public static String defaultToml() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream("/ferrium-default.toml")) {
      if (in == null) {
        throw new IllegalStateException("ferrium-default.toml is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read ferrium-default.toml", e);
    }
  }

  /** Writes the commented default configuration to {@code target}, refusing to overwrite. */
  public static void generate(Path target) throws ConfigException {
    try {
      if (target.getParent() != null) {
        Files.createDirectories(target.getParent());
      }
      Files.writeString(target, defaultToml(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new ConfigException("cannot write " + target + ": the file exists; remove it or choose another path");
    } catch (IOException e) {
      throw new ConfigException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** The effective configuration as TOML. */
  public static String toToml(NodeConfig config) {
    try {
      return MAPPER.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode readFile(Path file) throws ConfigException {
    try {
      return MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new ConfigException("configuration file " + file + " does not exist");
    } catch (JsonProcessingException e) {
      throw new ConfigException("configuration file " + file + " is not valid TOML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Copies {@code source} over {@code target}, section by section; unknown keys fail later. */
  private static void merge(ObjectNode target, JsonNode source, String path) throws ConfigException {
    if (!source.isObject()) {
      throw new ConfigException("configuration " + (path.isEmpty() ? "file" : path) + " must be a table");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = target.get(field.getKey());
      if (existing != null && existing.isObject()) {
        merge((ObjectNode) existing, field.getValue(), field.getKey());
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }

  private static void set(ObjectNode tree, String key, String value, String origin) throws ConfigException {
    String[] parts = key.split("\\.", 2);
    JsonNode section = parts.length == 2 ? tree.get(parts[0]) : null;
    if (section == null || !section.isObject() || !section.has(parts[1])) {
      throw new ConfigException("unknown configuration key '" + key + "' (from " + origin + "); known keys: "
          + knownKeys(tree));
    }
    ((ObjectNode) section).set(parts[1], TextNode.valueOf(value));
  }

  /** {@code FERRIUM_NETWORK_GRPC_PORT} becomes {@code network.grpc-port}. */
  static Map<String, String> fromEnvironment(Map<String, String> env) {
    Map<String, String> result = new LinkedHashMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        String rest = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        int split = rest.indexOf('_');
        if (split > 0) {
          result.put(rest.substring(0, split) + "." + rest.substring(split + 1).replace('_', '-'), value);
        }
      }
    });
    return result;
  }

  private static String envName(String key) {
    return ENV_PREFIX + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  private static String knownKeys(ObjectNode tree) {
    StringBuilder keys = new StringBuilder();
    tree.fields().forEachRemaining(section -> section.getValue().fieldNames().forEachRemaining(k -> {
      keys.append(keys.length() == 0 ? "" : ", ").append(section.getKey()).append('.').append(k);
    }));
    return keys.toString();
  }

  private static String describe(JsonProcessingException e) {
    if (e instanceof JsonMappingException) {
      String key = ((JsonMappingException) e).getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining("."));
      String message = e.getOriginalMessage();
      if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
        message = "unknown key";
      } else if (message != null && message.contains("from String")) {
        message = "wrong type: " + message.substring(0, message.indexOf("from String") + "from String".length())
            .replace("Cannot deserialize value of type ", "expected ") + " " + quotedValue(message);
      }
      return "'" + key + "': " + message;
    }
    return e.getOriginalMessage();
  }

  private static String quotedValue(String message) {
    int start = message.indexOf('"');
    int end = start < 0 ? -1 : message.indexOf('"', start + 1);
    return end > start ? message.substring(start, end + 1) : "";
  }
}
