package dev.orkestra.coordinator.streams;

import dev.orkestra.serde.AvroSerde;
import dev.orkestra.serde.SchemaCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Serdes of the coordinator's state records (stores and repartition topics).
 *
 * <p>Single-object encoding needs the writer's schema: after an upgrade, the changelog still holds
 * values written by the previous version. Every released version of every state record therefore
 * ships under {@value #ROOT} (listed in {@code INDEX}), and the decoder knows all of them.
 */
public final class StateSerdes {

  public static final String ROOT = "orkestra/coordinator/state/";

  private static final SchemaCatalog CATALOG = SchemaCatalog.released().with(
      released().stream().map(ReleasedState::schema).toArray(Schema[]::new));

  private StateSerdes() {}

  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return AvroSerde.of(type, CATALOG);
  }

  /** One shipped state schema: {@code <fullName>/v<version>.avsc}. */
  public record ReleasedState(String fullName, int version, Schema schema) {}

  /** Every shipped state schema version, in INDEX order. */
  public static List<ReleasedState> released() {
    List<ReleasedState> released = new ArrayList<>();
    String index = resource(ROOT + "INDEX");
    if (index == null) {
      return released;
    }
    for (String line : index.split("\n")) {
      String path = line.strip();
      if (path.isEmpty() || path.startsWith("#")) {
        continue;
      }
      String text = resource(ROOT + path);
      if (text == null) {
        throw new IllegalStateException("state schema INDEX lists " + path + " but the jar does not contain it");
      }
      int slash = path.lastIndexOf('/');
      int version = Integer.parseInt(path.substring(slash + 2, path.length() - ".avsc".length()));
      released.add(new ReleasedState(path.substring(0, slash), version, new Schema.Parser().parse(text)));
    }
    return released;
  }

  private static String resource(String path) {
    try (InputStream in = StateSerdes.class.getClassLoader().getResourceAsStream(path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
