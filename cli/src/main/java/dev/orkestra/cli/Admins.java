package dev.orkestra.cli;

import java.util.Map;
import dev.orkestra.runtime.KafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Admin clients for CLI commands: short timeouts, because a person is waiting at the terminal. */
final class Admins {

  private Admins() {}

  static Admin open(String bootstrapServers) {
    return open(KafkaConnection.fromSettings(bootstrapServers, DataDirs.settings()));
  }

  /** With the pass-through client settings ({@code orkestra.kafka.*}: TLS, SASL). */
  static Admin open(KafkaConnection kafka) {
    return Admin.create(kafka.clientConfig(Map.of(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
        // An unreachable broker should fail fast instead of retrying with growing backoff.
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000)));
  }
}
