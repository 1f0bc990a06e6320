package io.ferrium.server.raft;

import static io.ferrium.server.raft.LogWorkerRepliesTest.threadThatRan;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.proto.RaftProtos.AppendEntriesReplyProto;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.grpc.RaftServerProtocolServiceGrpc;
import org.apache.ratis.thirdparty.io.grpc.ManagedChannel;
import org.apache.ratis.thirdparty.io.grpc.netty.NettyChannelBuilder;
import org.apache.ratis.thirdparty.io.grpc.stub.StreamObserver;
import org.apache.ratis.thirdparty.io.netty.util.concurrent.FastThreadLocalThread;
import org.junit.jupiter.api.Test;

class IoThreadAnswersTest {

  @Test
  void runsTasksInlineOnlyOnTheTransportsIoThreads() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "answer-pool"));
    ExecutorService io = Executors.newSingleThreadExecutor(r -> new FastThreadLocalThread(r, "io-thread"));
    ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "appender"));
    IoThreadAnswers answers = new IoThreadAnswers(pool);
    try {
      assertThat(threadThatRan(answers, io)).as("from an I/O thread").isEqualTo("io-thread");
      assertThat(threadThatRan(answers, other)).as("from any other thread").isEqualTo("answer-pool");
    } finally {
      io.shutdownNow();
      other.shutdownNow();
      pool.shutdownNow();
    }
  }

  /**
   * A stream to a peer that is down fails on the thread that opens it when the channel already
   * knows the peer is unreachable; the error must not be handled there (the log appender opens
   * streams inside its locked block). Opens streams until the channel has failed once, then checks
   * every stream's error.
   */
  @Test
  void aStreamToAPeerThatIsDownNeverFailsOnTheThreadThatOpensIt() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      var stub = RaftServerProtocolServiceGrpc.newStub(channel).withExecutor(IoThreadAnswers.EXECUTOR);
      for (int i = 0; i < 5; i++) {
        CompletableFuture<Thread> failedOn = new CompletableFuture<>();
        Thread opener = Thread.currentThread();
        StreamObserver<AppendEntriesRequestProto> requests = stub.appendEntries(new StreamObserver<>() {
          @Override
          public void onNext(AppendEntriesReplyProto reply) {
            failedOn.completeExceptionally(new AssertionError("a reply from a closed port: " + reply));
          }

          @Override
          public void onError(Throwable t) {
            failedOn.complete(Thread.currentThread());
          }

          @Override
          public void onCompleted() {
            failedOn.completeExceptionally(new AssertionError("a closed port completed the stream"));
          }
        });
        requests.onNext(AppendEntriesRequestProto.getDefaultInstance());
        assertThat(failedOn.get(60, TimeUnit.SECONDS)).as("thread of stream %s's error", i).isNotSameAs(opener);
      }
    } finally {
      channel.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
    }
  }
}
