package dev.orkestra.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How every Kafka client of a process reaches the cluster: the bootstrap servers plus whatever the
 * operator passes through to every client — TLS, SASL, timeouts, client rack — as
 * kafka-streams-examples' {@code MicroserviceUtils} does with its properties file.
 *
 * <p>Sources, later ones winning: the properties file named by {@code orkestra.kafka.config.file}
 * ({@code ORKESTRA_KAFKA_CONFIG_FILE}), then each {@code orkestra.kafka.<client property>} setting
 * ({@code -Dorkestra.kafka.security.protocol=SSL} or {@code ORKESTRA_KAFKA_SECURITY_PROTOCOL=SSL}).
 * A client's own settings (isolation level, transactional id, acknowledgement mode) are applied on
 * top: they carry the system's guarantees, so they are not the operator's to override.
 *
 * <p>Values may be secrets ({@code sasl.jaas.config}, {@code ssl.key.password}): {@link #toString()}
 * names only the keys.
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> properties) {

  /** The setting naming a client properties file. */
  public static final String CONFIG_FILE_SETTING = "orkestra.kafka.config.file";
  static final String PREFIX = "orkestra.kafka.";

  public KafkaConnection {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers are empty");
    }
    properties = Map.copyOf(properties);
  }

  /** Plain connection: bootstrap servers only. */
  public static KafkaConnection of(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  /**
   * The connection described by {@code settings} ({@code orkestra.kafka.*}); {@code bootstrapServers}
   * wins over a {@code bootstrap.servers} in the file or the settings, since the command line or
   * {@code KAFKA_BOOTSTRAP_SERVERS} names it explicitly.
   *
   * @throws IllegalArgumentException when the properties file cannot be read, naming it
   */
  public static KafkaConnection fromSettings(String bootstrapServers, Map<String, String> settings) {
    Map<String, String> merged = new TreeMap<>();
    String file = settings.get(CONFIG_FILE_SETTING);
    if (file != null && !file.isBlank()) {
      merged.putAll(load(Path.of(file)));
    }
    settings.forEach((key, value) -> {
      if (key.startsWith(PREFIX) && !key.equals(CONFIG_FILE_SETTING)) {
        merged.put(key.substring(PREFIX.length()), value);
      }
    });
    merged.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    return new KafkaConnection(bootstrapServers, merged);
  }

  /** A client's configuration: the pass-through properties, the bootstrap servers, then {@code own}. */
  public Map<String, Object> clientConfig(Map<String, ?> own) {
    Map<String, Object> config = new HashMap<>(properties);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.putAll(own);
    return config;
  }

  /** The same as {@link Properties}, for Kafka Streams. */
  public Properties clientProperties(Map<String, ?> own) {
    Properties props = new Properties();
    props.putAll(clientConfig(own));
    return props;
  }

  private static Map<String, String> load(Path file) {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      props.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the Kafka client properties file " + file + " ("
          + CONFIG_FILE_SETTING + "): " + e.getMessage(), e);
    }
    Map<String, String> values = new HashMap<>();
    props.forEach((key, value) -> values.put(key.toString().strip(), value.toString().strip()));
    return values;
  }

  @Override
  public String toString() {
    return bootstrapServers + (properties.isEmpty() ? "" : " " + new TreeMap<>(properties).keySet());
  }
}
