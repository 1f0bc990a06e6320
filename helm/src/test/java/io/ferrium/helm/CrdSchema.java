package io.ferrium.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates custom resources against a CRD's {@code openAPIV3Schema} the way the API server treats
 * them, as far as a JSON-schema validator can:
 * <ul>
 *   <li>the schema is OpenAPI 3.0's dialect ({@code nullable} understood; a null where the schema
 *       does not allow it is reported, where the API server would silently drop it);</li>
 *   <li>a structural schema prunes unknown fields, which would silently lose a misspelled setting:
 *       here every object with {@code properties} and without
 *       {@code x-kubernetes-preserve-unknown-fields} rejects other fields;</li>
 *   <li>{@code x-kubernetes-int-or-string} means an integer or a string;</li>
 *   <li>{@code apiVersion}, {@code kind} and {@code metadata} are implicit at the root.</li>
 * </ul>
 * Other {@code x-kubernetes-*} extensions are annotations the validator ignores.
 */
final class CrdSchema {
  /** Kubernetes' structural-schema extensions; their meaning is applied by {@link #strict}. */
  private static final List<String> EXTENSIONS = List.of("x-kubernetes-int-or-string",
      "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource", "x-kubernetes-list-type",
      "x-kubernetes-list-map-keys", "x-kubernetes-map-type", "x-kubernetes-validations");
  private static final Dialect KUBERNETES_OPENAPI = Dialect.builder(Dialects.getOpenApi30())
      .keywords(EXTENSIONS.stream().map(NonValidationKeyword::new).toList())
      .build();

  private final String group;
  private final String kind;
  private final Map<String, Schema> schemaByApiVersion = new HashMap<>();

  CrdSchema(JsonNode crd) {
    group = crd.at("/spec/group").asText();
    kind = crd.at("/spec/names/kind").asText();
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(KUBERNETES_OPENAPI);
    for (JsonNode version : crd.at("/spec/versions")) {
      ObjectNode schema = version.at("/schema/openAPIV3Schema").deepCopy();
      ObjectNode properties = (ObjectNode) schema.get("properties");
      properties.putObject("apiVersion").put("type", "string");
      properties.putObject("kind").put("type", "string");
      properties.putObject("metadata").put("type", "object");
      strict(schema);
      schemaByApiVersion.put(group + "/" + version.path("name").asText(),
          registry.getSchema(schema.toString(), InputFormat.JSON));
    }
  }

  String kind() {
    return kind;
  }

  /** Problems of one object of this CRD's kind, each as "PATH: message"; empty when valid. */
  List<String> problems(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText();
    Schema schema = schemaByApiVersion.get(apiVersion);
    if (schema == null) {
      return List.of("/apiVersion: " + apiVersion + " is not served by the CRD (" + schemaByApiVersion.keySet() + ")");
    }
    List<Error> errors = schema.validate(object.toString(), InputFormat.JSON);
    return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }

  private static void strict(JsonNode node) {
    if (node instanceof ObjectNode schema) {
      if (schema.path("x-kubernetes-int-or-string").asBoolean() && !schema.has("anyOf")) {
        ArrayNode anyOf = schema.putArray("anyOf");
        anyOf.addObject().put("type", "integer");
        anyOf.addObject().put("type", "string");
      }
      if (schema.has("properties") && !schema.has("additionalProperties")
          && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
        schema.put("additionalProperties", false);
      }
      schema.path("properties").forEach(CrdSchema::strict);
      strict(schema.get("items"));
      strict(schema.get("additionalProperties"));
      for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
        schema.path(combinator).forEach(CrdSchema::strict);
      }
      strict(schema.get("not"));
    }
  }
}
