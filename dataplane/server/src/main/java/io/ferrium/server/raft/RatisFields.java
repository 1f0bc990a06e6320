package io.ferrium.server.raft;

import java.lang.reflect.Field;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Private fields of Ratis classes that the node replaces or reads where Ratis offers no setting.
 * A field that a Ratis upgrade renamed or retyped is reported once, with what the node does
 * without it; each field has a test that fails in that case.
 */
final class RatisFields {
  private static final Logger LOG = LoggerFactory.getLogger(RatisFields.class);

  private RatisFields() {
  }

  /**
   * The accessible field {@code name} of type {@code type} declared by the class {@code className},
   * or empty after a warning ending in {@code without} (what happens then).
   */
  static Optional<Field> find(String className, String name, Class<?> type, String without) {
    try {
      Field field = Class.forName(className).getDeclaredField(name);
      if (field.getType() != type) {
        throw new NoSuchFieldException(name + " is a " + field.getType().getName());
      }
      field.setAccessible(true);
      return Optional.of(field);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("Ratis's {} has no {} field '{}' ({}): {}", className, type.getSimpleName(), name, e.toString(),
          without);
      return Optional.empty();
    }
  }
}
