package io.ferrium.tls;

/**
 * The material in use, numbered, with the one it replaced. A handshake asks the key manager for an
 * alias, then for the chain and key of that alias in separate calls; naming aliases after generations
 * (and keeping the previous one) makes those calls agree even when a reload lands in between.
 */
record Generation(long number, TlsMaterial material, Generation previous) {
  private static final String ALIAS_PREFIX = "ferrium-";

  static Generation first(TlsMaterial material) {
    return new Generation(1, material, null);
  }

  Generation next(TlsMaterial newMaterial) {
    return new Generation(number + 1, newMaterial, new Generation(number, material, null));
  }

  String alias() {
    return ALIAS_PREFIX + number;
  }

  /** The material of {@code alias}, if it is this generation or the previous one. */
  TlsMaterial materialOf(String alias) {
    if (alias().equals(alias)) {
      return material;
    }
    return previous != null && previous.alias().equals(alias) ? previous.material : null;
  }
}
