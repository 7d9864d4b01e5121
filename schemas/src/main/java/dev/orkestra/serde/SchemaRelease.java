package dev.orkestra.serde;

import dev.orkestra.events.common.Common;
import dev.orkestra.events.query.Query;
import dev.orkestra.events.task.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Protocol;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Releases the current event schemas: every record schema of the generated protocols that differs
 * from its latest released version is written as the next version
 * ({@code src/main/resources/orkestra/schemas/released/<fullName>/v<N>.avsc}) and the index is
 * rewritten.
 *
 * <p>Why every record and not only topic values: single-object encoding only ever encodes
 * records, and a nested record is inlined into its parent's schema, so records are exactly the
 * set of schemas a writer can put a fingerprint of in front of a payload; releasing the nested
 * ones too costs a few files and lets any record be sent on its own later.
 *
 * <p>A version is written only when the schema is BACKWARD compatible with every released version
 * of the same record (it can read all of their data); otherwise nothing is written and the tool
 * fails naming the incompatibilities. Changes that do not alter the schema as Avro compares it
 * (documentation only) are not released.
 *
 * <p>Usage: {@code SchemaRelease [--check] [schemasModuleDir]} (directory defaults to the
 * current one). {@code --check} writes nothing and exits 1 when something is unreleased.
 */
public final class SchemaRelease {

  /** The generated protocols whose records are released (imports are included in each). */
  public static final List<Protocol> PROTOCOLS = List.of(Common.PROTOCOL, Query.PROTOCOL, Task.PROTOCOL);

  /** Released schemas below a schemas module directory. */
  public static final String RELEASED_DIR = "src/main/resources/" + SchemaCatalog.RELEASED_ROOT;

  private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.avsc");

  private SchemaRelease() {}

  /** Every record schema of {@link #PROTOCOLS}, by full name. */
  public static SortedMap<String, Schema> currentRecordSchemas() {
    SortedMap<String, Schema> records = new TreeMap<>();
    for (Protocol protocol : PROTOCOLS) {
      for (Schema type : protocol.getTypes()) {
        if (type.getType() == Schema.Type.RECORD) {
          records.putIfAbsent(type.getFullName(), type);
        }
      }
    }
    return records;
  }

  /** A version file written (or, with {@code dryRun}, that would be written). */
  public record Release(String fullName, int version, Path file) {}

  /**
   * Releases every changed record below {@code releasedRoot}; returns what was (or would be)
   * written.
   *
   * @throws IllegalStateException when a changed schema cannot read a released version's data
   */
  public static List<Release> release(Path releasedRoot, boolean dryRun) throws IOException {
    List<Release> pending = new ArrayList<>();
    List<String> incompatible = new ArrayList<>();
    SortedMap<String, Schema> current = currentRecordSchemas();
    for (var entry : current.entrySet()) {
      String fullName = entry.getKey();
      Schema schema = entry.getValue();
      SortedMap<Integer, Schema> versions = releasedVersions(releasedRoot.resolve(fullName));
      if (!versions.isEmpty() && versions.get(versions.lastKey()).equals(schema)) {
        continue;
      }
      for (var released : versions.entrySet()) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, released.getValue());
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
          incompatible.add(fullName + " cannot read v" + released.getKey() + ": " + describe(result));
        }
      }
      int next = versions.isEmpty() ? 1 : versions.lastKey() + 1;
      pending.add(new Release(fullName, next, releasedRoot.resolve(fullName).resolve("v" + next + ".avsc")));
    }
    if (!incompatible.isEmpty()) {
      throw new IllegalStateException("refusing to release incompatible schemas (add fields with defaults, "
          + "never rename or remove; give enums a default):\n  " + String.join("\n  ", incompatible));
    }
    if (!dryRun) {
      for (Release release : pending) {
        Files.createDirectories(release.file().getParent());
        Files.writeString(release.file(), current.get(release.fullName()).toString(true) + "\n",
            StandardCharsets.UTF_8);
      }
      writeIndex(releasedRoot);
    }
    return pending;
  }

  /** The incompatibilities of a reader/writer check, one line each without the full schemas. */
  public static String describe(SchemaCompatibility.SchemaPairCompatibility result) {
    return result.getResult().getIncompatibilities().stream()
        .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
        .collect(java.util.stream.Collectors.joining("; "));
  }

  /** The released versions of one record found in {@code recordDir}, by version. */
  static SortedMap<Integer, Schema> releasedVersions(Path recordDir) throws IOException {
    SortedMap<Integer, Schema> versions = new TreeMap<>();
    if (!Files.isDirectory(recordDir)) {
      return versions;
    }
    try (Stream<Path> files = Files.list(recordDir)) {
      for (Path file : files.toList()) {
        Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
        if (m.matches()) {
          versions.put(Integer.parseInt(m.group(1)), new Schema.Parser().parse(file.toFile()));
        }
      }
    }
    return versions;
  }

  /** Rewrites INDEX from the files present: per record, oldest version first. */
  static void writeIndex(Path releasedRoot) throws IOException {
    List<String[]> entries = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(releasedRoot)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.list(dir)) {
          files.map(f -> f.getFileName().toString())
              .filter(name -> VERSION_FILE.matcher(name).matches())
              .forEach(name -> entries.add(new String[] {dir.getFileName().toString(), name}));
        }
      }
    }
    entries.sort(Comparator.<String[], String>comparing(e -> e[0])
        .thenComparingInt(e -> Integer.parseInt(e[1].substring(1, e[1].length() - ".avsc".length()))));
    StringBuilder index = new StringBuilder(
        "# Released event schemas, one <fullName>/v<N>.avsc per line; written by dev.orkestra.serde.SchemaRelease.\n");
    for (String[] e : entries) {
      index.append(e[0]).append('/').append(e[1]).append('\n');
    }
    Files.writeString(releasedRoot.resolve("INDEX"), index.toString(), StandardCharsets.UTF_8);
  }

  public static void main(String[] args) {
    boolean check = false;
    Path module = Path.of(".");
    for (String arg : args) {
      if (arg.equals("--check")) {
        check = true;
      } else {
        module = Path.of(arg);
      }
    }
    Path root = module.resolve(RELEASED_DIR).toAbsolutePath().normalize();
    try {
      List<Release> releases = release(root, check);
      if (releases.isEmpty()) {
        System.out.println("all " + currentRecordSchemas().size() + " record schemas are released (" + root + ")");
        return;
      }
      for (Release r : releases) {
        System.out.println((check ? "unreleased: " : "released: ") + r.fullName() + " v" + r.version());
      }
      if (check) {
        System.err.println(releases.size() + " schema(s) differ from their latest release: run SchemaRelease");
        System.exit(1);
      }
      System.out.println(releases.size() + " schema version(s) written below " + root);
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
