package io.ferrium.server.raft;

import static io.ferrium.server.cluster.MiniCluster.runWithNewCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferrium.client.FerriumClient;
import io.ferrium.server.cluster.MiniCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.ratis.server.RaftServer;
import org.junit.jupiter.api.Test;

class LogWorkerRepliesTest {
  private static final String WORKER = "n9@group-1" + LogWorkerReplies.WORKER_SUFFIX;

  @Test
  void findsTheRatisFieldsItUses() {
    assertThat(LogWorkerReplies.SERVER_EXECUTOR).as("RaftServerImpl's field 'serverExecutor' in this Ratis version")
        .isPresent();
    assertThat(LogWorkerReplies.LOG_LOCK).as("RaftLogBase's field 'lock' in this Ratis version").isPresent();
  }

  @Test
  void runsTasksOnTheLogWorkerItselfOnlyWhileNoOtherThreadHoldsTheLogsWriteLock() throws Exception {
    ExecutorService ratis = Executors.newSingleThreadExecutor(r -> new Thread(r, "ratis-pool"));
    ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, WORKER));
    ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "n9@group-1-other"));
    ReentrantReadWriteLock logLock = new ReentrantReadWriteLock(true);
    LogWorkerReplies replies = new LogWorkerReplies(ratis, WORKER, () -> logLock);
    try {
      assertThat(threadThatRan(replies, worker)).as("from the worker, log unlocked").isEqualTo(WORKER);
      assertThat(threadThatRan(replies, other)).as("from another thread").isEqualTo("ratis-pool");

      CompletableFuture<Void> release = new CompletableFuture<>();
      CompletableFuture<Void> locked = new CompletableFuture<>();
      Thread appender = new Thread(() -> {
        logLock.writeLock().lock();
        try {
          locked.complete(null);
          release.join();
        } finally {
          logLock.writeLock().unlock();
        }
      });
      appender.start();
      locked.get(30, TimeUnit.SECONDS);
      assertThat(threadThatRan(replies, worker)).as("from the worker while another thread holds the log's lock")
          .isEqualTo("ratis-pool");
      release.complete(null);
      appender.join(30_000);
      assertThat(threadThatRan(replies, worker)).as("from the worker once the lock is free").isEqualTo(WORKER);
    } finally {
      worker.shutdownNow();
      other.shutdownNow();
      replies.shutdown();
    }
    assertThat(replies.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(ratis.isShutdown()).as("shutting the replacement down shuts Ratis's pool down").isTrue();
  }

  /** The name of the thread that ran a task submitted to {@code executor} from a thread of {@code from}. */
  static String threadThatRan(Executor executor, ExecutorService from) throws Exception {
    return from.submit(() -> CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), executor)
        .get(30, TimeUnit.SECONDS)).get(30, TimeUnit.SECONDS);
  }

  @Test
  void followersAnswerAppendsOnTheirLogWorkersAlsoAfterJoining() throws Exception {
    runWithNewCluster(3, cluster -> {
      String leader = cluster.awaitLeader();
      FerriumClient client = cluster.client(leader);
      client.put("warm", "up");
      cluster.addNewPeers(1);
      List<MiniCluster.Peer> all = new ArrayList<>(cluster.peers());
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        for (MiniCluster.Peer peer : all) {
          assertThat(serverExecutor(peer)).as("executor of %s", peer.id()).isInstanceOf(LogWorkerReplies.class);
        }
      });

      long before = LogWorkerReplies.INLINE.sum();
      int writes = 50;
      for (int i = 0; i < writes; i++) {
        client.put("k" + i, "v" + i);
      }
      // Each write is appended by three followers; every answer may go out from a log worker.
      assertThat(LogWorkerReplies.INLINE.sum() - before).as("appends answered on a log worker")
          .isGreaterThanOrEqualTo(writes);
      for (MiniCluster.Peer peer : all) {
        assertThat(cluster.client(peer.id()).get("k" + (writes - 1))).as("read on %s", peer.id())
            .contains("v" + (writes - 1));
      }
    });
  }

  private static Object serverExecutor(MiniCluster.Peer peer) throws Exception {
    RaftServer.Division division = peer.node().raft().division().orElseThrow();
    return LogWorkerReplies.SERVER_EXECUTOR.orElseThrow().get(division);
  }
}
