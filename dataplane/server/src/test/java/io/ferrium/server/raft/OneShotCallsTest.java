package io.ferrium.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.thirdparty.com.google.common.cache.Cache;
import org.junit.jupiter.api.Test;

class OneShotCallsTest {

  @Test
  void tellsTheNodesOwnClientsFromOthers() {
    assertThat(OneShotCalls.isOneShot(OneShotCalls.newClientId().toByteString())).isTrue();
    assertThat(OneShotCalls.newClientId()).as("each node's own client is distinct").isNotEqualTo(OneShotCalls.newClientId());
    assertThat(OneShotCalls.isOneShot(ClientId.randomId().toByteString())).as("Ratis's random client ids").isFalse();
    assertThat(OneShotCalls.isOneShot(ClientId.emptyClientId().toByteString())).isFalse();
  }

  @Test
  void findsTheRatisRetryCacheItTrims() {
    assertThat(OneShotCalls.CACHE).as("RetryCacheImpl's field 'cache' in this Ratis version")
        .hasValueSatisfying(field -> assertThat(field.getType()).isEqualTo(Cache.class));
  }
}
