package io.ferrium.server.http;

/** The version reported by {@code /health}: the jar's Implementation-Version when packaged. */
final class Version {
  static final String VALUE = java.util.Optional.ofNullable(Version.class.getPackage().getImplementationVersion())
      .orElse("dev");

  private Version() {
  }
}
