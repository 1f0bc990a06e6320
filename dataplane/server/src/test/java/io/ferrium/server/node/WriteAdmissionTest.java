package io.ferrium.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrium.server.grpc.GrpcErrors;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class WriteAdmissionTest {
  private static final long MIB = 1 << 20;

  @Test
  void writesAreAdmittedUpToTheLimitAndAgainOnceReleased() {
    WriteAdmission admission = new WriteAdmission(4 * MIB);
    admission.acquire(3 * MIB);
    admission.acquire(MIB);
    assertThatThrownBy(() -> admission.acquire(1))
        .isInstanceOf(WriteAdmission.NodeBusyException.class)
        .hasMessageContaining("4.0 MiB of writes in flight").hasMessageContaining("retry");
    assertThat(admission.inFlightBytes()).isEqualTo(4 * MIB);

    admission.release(3 * MIB);
    admission.acquire(2 * MIB);
    assertThat(admission.inFlightBytes()).isEqualTo(3 * MIB);
  }

  @Test
  void aWriteAloneIsAdmittedWhateverItsSize() {
    WriteAdmission admission = new WriteAdmission(MIB);
    admission.acquire(5 * MIB);
    assertThatThrownBy(() -> admission.acquire(10)).isInstanceOf(WriteAdmission.NodeBusyException.class);
    admission.release(5 * MIB);
    assertThat(admission.inFlightBytes()).isZero();
  }

  @Test
  void theDefaultIsAnEighthOfTheHeapAndHoldsTwoLargestRequests() {
    assertThat(WriteAdmission.defaultLimit(128 * MIB, 2 * (int) MIB)).isEqualTo(16 * MIB);
    assertThat(WriteAdmission.defaultLimit(16 * MIB, 2 * (int) MIB)).isEqualTo(4 * MIB);
  }

  @Test
  void aBusyNodeAnswersUnavailableSoThatClientsRetry() {
    Status status = GrpcErrors.toStatus(new WriteAdmission.NodeBusyException("too much")).getStatus();
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getDescription()).startsWith("node busy: too much");
  }
}
