package io.ferrium.server.metrics;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/** Times every gRPC call into {@link NodeMetrics}, by method and status code. */
public final class GrpcMetricsInterceptor implements ServerInterceptor {
  private final NodeMetrics metrics;

  public GrpcMetricsInterceptor(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    long start = System.nanoTime();
    String method = call.getMethodDescriptor().getBareMethodName();
    return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        long nanos = System.nanoTime() - start;
        super.close(status, trailers); // the answer first, the bookkeeping after
        metrics.request("grpc", method == null ? "unknown" : method, status.getCode().name(), nanos);
      }
    }, headers);
  }
}
