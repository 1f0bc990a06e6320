package io.ferrium.tls;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * The session caches of the contexts built over one material. A resumed TLS session skips the
 * certificate exchange, so a connection opened after a reload could still carry the old certificate
 * (or a peer authenticated under a CA no longer trusted); forgetting the cached sessions at each reload
 * makes every connection opened afterwards do a full handshake with the new material.
 */
final class ResumableSessions {
  private final List<WeakReference<SSLSessionContext>> caches = new CopyOnWriteArrayList<>();

  void track(SSLSessionContext cache) {
    if (cache != null) {
      caches.removeIf(reference -> reference.get() == null);
      caches.add(new WeakReference<>(cache));
    }
  }

  void forgetAll() {
    for (WeakReference<SSLSessionContext> reference : caches) {
      SSLSessionContext cache = reference.get();
      if (cache == null) {
        continue;
      }
      for (byte[] id : Collections.list(cache.getIds())) {
        SSLSession session = cache.getSession(id);
        if (session != null) {
          session.invalidate();
        }
      }
    }
  }
}
