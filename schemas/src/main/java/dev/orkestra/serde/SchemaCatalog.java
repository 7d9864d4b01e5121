package dev.orkestra.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every Avro schema this process can read, by single-object fingerprint.
 *
 * <p>No schema registry can run here, so writers put only an 8-byte fingerprint in front of each
 * payload (Avro single-object encoding) and readers must already know the writer's schema. The
 * schemas jar therefore ships every released version of every event (under
 * {@value #RELEASED_ROOT}, listed in {@value #INDEX}); a reader compiled against an older class
 * resolves a newer writer's bytes through the released writer schema found here.
 */
public final class SchemaCatalog implements SchemaStore {

  public static final String RELEASED_ROOT = "orkestra/schemas/released/";
  public static final String INDEX = RELEASED_ROOT + "INDEX";

  private static final SchemaCatalog RELEASED = loadReleased();

  private final Map<Long, Schema> byFingerprint = new ConcurrentHashMap<>();

  /** The catalog of every released schema shipped in this jar. */
  public static SchemaCatalog released() {
    return RELEASED;
  }

  /** An empty catalog (tests, tools). */
  public static SchemaCatalog empty() {
    return new SchemaCatalog();
  }

  /** A copy of this catalog that also knows {@code extra} (e.g. a writer schema of a newer release). */
  public SchemaCatalog with(Schema... extra) {
    SchemaCatalog copy = new SchemaCatalog();
    copy.byFingerprint.putAll(byFingerprint);
    for (Schema schema : extra) {
      copy.register(schema);
    }
    return copy;
  }

  public SchemaCatalog register(Schema schema) {
    byFingerprint.put(fingerprint(schema), schema);
    return this;
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  public Collection<Schema> schemas() {
    return List.copyOf(byFingerprint.values());
  }

  /** All released versions of the record {@code fullName}, oldest first. */
  public List<Schema> versionsOf(String fullName) {
    List<Schema> versions = new ArrayList<>();
    for (ReleasedSchema released : releasedEntries()) {
      if (released.fullName().equals(fullName)) {
        versions.add(released.schema());
      }
    }
    return versions;
  }

  /** The fingerprint single-object encoding puts in front of every payload. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  /** One released schema file: {@code <fullName>/v<version>.avsc}. */
  public record ReleasedSchema(String fullName, int version, Schema schema) {}

  /** Every released schema listed in the index, in index order (per record: oldest first). */
  public static List<ReleasedSchema> releasedEntries() {
    List<ReleasedSchema> entries = new ArrayList<>();
    String index = readResource(INDEX);
    if (index == null) {
      return entries;
    }
    for (String line : index.split("\n")) {
      String path = line.strip();
      if (path.isEmpty() || path.startsWith("#")) {
        continue;
      }
      String text = readResource(RELEASED_ROOT + path);
      if (text == null) {
        throw new IllegalStateException("schema index lists " + path + " but the jar does not contain it");
      }
      int slash = path.lastIndexOf('/');
      String fullName = path.substring(0, slash);
      int version = Integer.parseInt(path.substring(slash + 2, path.length() - ".avsc".length()));
      entries.add(new ReleasedSchema(fullName, version, new Schema.Parser().parse(text)));
    }
    return entries;
  }

  private static SchemaCatalog loadReleased() {
    SchemaCatalog catalog = new SchemaCatalog();
    releasedEntries().forEach(entry -> catalog.register(entry.schema()));
    return catalog;
  }

  private static String readResource(String path) {
    try (InputStream in = SchemaCatalog.class.getClassLoader().getResourceAsStream(path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
