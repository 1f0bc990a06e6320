package io.ferrium.server.raft;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Private fields and methods of Ratis classes that the node replaces, reads or calls where Ratis
 * offers no setting. One that a Ratis upgrade renamed or retyped is reported once, with what the
 * node does without it; each has a test that fails in that case.
 */
final class RatisInternals {
  private static final Logger LOG = LoggerFactory.getLogger(RatisInternals.class);

  private RatisInternals() {
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

  /**
   * The accessible method {@code name}, without parameters and returning {@code returns}, declared
   * by the class {@code className}, or empty after a warning ending in {@code without}.
   */
  static Optional<Method> method(String className, String name, Class<?> returns, String without) {
    return method(className, name, returns, without, new Class<?>[0]);
  }

  /**
   * The accessible method {@code name} with the given parameter types, returning {@code returns},
   * declared by the class {@code className}, or empty after a warning ending in {@code without}.
   */
  static Optional<Method> method(String className, String name, Class<?> returns, String without,
      Class<?>... parameters) {
    try {
      Method method = Class.forName(className).getDeclaredMethod(name, parameters);
      if (method.getReturnType() != returns) {
        throw new NoSuchMethodException(name + "(...) returns " + method.getReturnType().getName());
      }
      method.setAccessible(true);
      return Optional.of(method);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("Ratis's {} has no {} method '{}({})' ({}): {}", className, returns.getSimpleName(), name,
          parameters.length, e.toString(), without);
      return Optional.empty();
    }
  }

  /**
   * The accessible field {@code name} of the class named {@code typeName} declared by the class
   * {@code className}, for fields whose type is itself private to Ratis; or empty after a warning.
   */
  static Optional<Field> find(String className, String name, String typeName, String without) {
    try {
      return find(className, name, Class.forName(typeName), without);
    } catch (ClassNotFoundException e) {
      LOG.warn("Ratis has no class {} ({}): {}", typeName, e.toString(), without);
      return Optional.empty();
    }
  }
}
