package dev.orkestra.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Group-level settings of a role's share group, applied idempotently at every start. */
final class ShareGroupSetup {

  private static final Logger log = LoggerFactory.getLogger(ShareGroupSetup.class);

  private ShareGroupSetup() {}

  static void apply(RoleServiceConfig<?, ?> config) {
    List<AlterConfigOp> required = List.of(
        // Requests published before the first instance joined are work too, not history to skip.
        set("share.auto.offset.reset", "earliest"),
        // Requests come from the coordinator's exactly-once transactions: a request of an aborted
        // transaction never happened, and working on it would pay for a model call twice.
        set("share.isolation.level", "read_committed"));
    List<AlterConfigOp> all = new ArrayList<>(required);
    // Short, so a crashed instance's records come back to the others soon; work that takes longer
    // than a lock is continued in a new delivery (Outcome.Continued), never renewed.
    all.add(set("share.record.lock.duration.ms", Long.toString(config.lockDuration().toMillis())));
    try (Admin admin = Admin.create(config.kafka().clientConfig(Map.of()))) {
      ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, config.groupId());
      try {
        alter(admin, group, all);
      } catch (Exception e) {
        // Outside the cluster's bounds (group.share.min/max.record.lock.duration.ms): the cluster's
        // default lock applies; each delivery is paced by the lock the broker reports.
        log.info("share group {}: lock {} ms not accepted ({}); using the cluster's default lock", config.groupId(),
            config.lockDuration().toMillis(), e.getMessage());
        try {
          alter(admin, group, required);
        } catch (Exception again) {
          throw new IllegalStateException("cannot configure share group " + config.groupId() + ": " + again.getMessage(),
              again);
        }
      }
    }
  }

  private static void alter(Admin admin, ConfigResource group, List<AlterConfigOp> ops) throws Exception {
    admin.incrementalAlterConfigs(Map.of(group, ops)).all().get(30, TimeUnit.SECONDS);
  }

  private static AlterConfigOp set(String name, String value) {
    return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
  }
}
