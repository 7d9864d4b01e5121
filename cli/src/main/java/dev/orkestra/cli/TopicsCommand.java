package dev.orkestra.cli;

import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;

/** Lists topics with partition and record counts. */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "List topics with their partitions and record counts.")
final class TopicsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  BootstrapOption bootstrap = new BootstrapOption();

  @Override
  public Integer call() throws Exception {
    try (Admin admin = Admins.open(bootstrap.orDefault())) {
      TreeSet<String> names = new TreeSet<>(admin.listTopics().names().get(15, TimeUnit.SECONDS));
      Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(15, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> partitions = descriptions.values().stream()
          .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
          .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.earliest()));
      Map<TopicPartition, ListOffsetsResultInfo> earliest = admin.listOffsets(partitions).all().get(15, TimeUnit.SECONDS);
      partitions.replaceAll((tp, spec) -> OffsetSpec.latest());
      Map<TopicPartition, ListOffsetsResultInfo> latest = admin.listOffsets(partitions).all().get(15, TimeUnit.SECONDS);
      out().printf("%-36s %10s %10s  %s%n", "TOPIC", "PARTITIONS", "RECORDS", "VALUE TYPE");
      for (String name : names) {
        long records = descriptions.get(name).partitions().stream()
            .map(p -> new TopicPartition(name, p.partition()))
            .mapToLong(tp -> latest.get(tp).offset() - earliest.get(tp).offset())
            .sum();
        String type = Topics.byName(name).map(TopicSpec::valueType).map(Class::getSimpleName).orElse("(not in registry)");
        out().printf("%-36s %10d %10d  %s%n", name, descriptions.get(name).partitions().size(), records, type);
      }
      out().println("(RECORDS is the offset span: transactional topics also count commit markers)");
    }
    return 0;
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
