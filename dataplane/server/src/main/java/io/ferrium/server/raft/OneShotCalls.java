package io.ferrium.server.raft;

import java.lang.reflect.Field;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.ClientInvocationId;
import org.apache.ratis.server.RetryCache;
import org.apache.ratis.thirdparty.com.google.common.cache.Cache;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the replies of calls that are never retried out of Ratis's retry cache, on every node.
 *
 * <p>Ratis keeps the reply to every applied write in each node's retry cache until it expires (twice
 * the request timeout), so that a client retrying the same call (client id and call id) after a
 * failover is answered instead of applying the write twice. Only the node's internal Raft client
 * retries a call; a node's own writes ({@link RaftNode}'s direct submissions) never are: a new
 * attempt is a new call. Their client ids carry a mark ({@link #newClientId}), and after each applied
 * entry ({@link #applied}) the node drops the cached reply of the one before it, if that was such a
 * call: the reply is complete by then, and whoever waited for it holds it already.
 *
 * <p>Why it matters: each cached reply is ~700 bytes that live 20 s, so every young collection
 * promoted them to the old generation, where they filled the heap. A follower taking 1,200 sequential
 * writes/s ran two full collections (~130 ms each) per 30 s because of them, and half its young
 * collection time went to copying them.
 *
 * <p>Ratis offers no call to drop an entry, so the cache is reached through the retry cache's
 * private {@code cache} field; should a Ratis upgrade rename it, replies expire as before (more
 * memory, not wrong), a warning says so, and {@code OneShotCallsTest} fails.
 */
public final class OneShotCalls {
  private static final Logger LOG = LoggerFactory.getLogger(OneShotCalls.class);
  /** The high 64 bits of a one-shot client id: "FerrOne1" in ASCII. */
  static final long MARK = 0x4665_7272_4f6e_6531L;
  /** RetryCacheImpl's {@code private final Cache<ClientInvocationId, CacheEntry> cache}, if this Ratis has it. */
  static final Optional<Field> CACHE = RatisInternals.find("org.apache.ratis.server.impl.RetryCacheImpl", "cache",
      Cache.class, "the replies of this node's own writes stay in the retry cache until they expire");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Supplier<Optional<RetryCache>> retryCache;
  /** The previous applied entry's call, if one-shot; touched by Ratis's apply thread only. */
  private ClientInvocationId previous;

  /** @param retryCache the retry cache of this node's Raft division, if it has joined one */
  public OneShotCalls(Supplier<Optional<RetryCache>> retryCache) {
    this.retryCache = retryCache;
  }

  /** A client id for calls that are never retried. */
  public static ClientId newClientId() {
    return ClientId.valueOf(new UUID(MARK, RANDOM.nextLong()));
  }

  static boolean isOneShot(ByteString clientId) {
    return clientId.size() == 16 && clientId.asReadOnlyByteBuffer().getLong() == MARK;
  }

  /**
   * Called by the state machine as it applies each entry that carries a client call, in log order,
   * before Ratis records the entry's reply: drops the previous entry's reply if no one can retry it.
   */
  public void applied(StateMachineLogEntryProto entry) {
    ClientInvocationId done = previous;
    previous = isOneShot(entry.getClientId()) ? ClientInvocationId.valueOf(entry) : null;
    if (done != null && CACHE.isPresent()) {
      retryCache.get().ifPresent(cache -> forget(cache, done));
    }
  }

  private static void forget(RetryCache retryCache, ClientInvocationId call) {
    try {
      ((Cache<?, ?>) CACHE.get().get(retryCache)).invalidate(call);
    } catch (IllegalAccessException | IllegalArgumentException | ClassCastException e) {
      // Another RetryCache implementation than the one the field was found in: nothing to drop.
      LOG.debug("Could not drop {} from the retry cache", call, e);
    }
  }
}
