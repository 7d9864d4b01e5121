package dev.orkestra.auditor.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Every string inside an Avro record with its field path ({@code data.matches[2].lines},
 * {@code sources[0].url}), found by walking the schema: a field added to the contract later is
 * scanned without changing the auditor.
 */
final class StringFields {

  /** One string value and where it is. */
  record Field(String path, String value) {}

  private StringFields() {}

  static List<Field> of(IndexedRecord record) {
    List<Field> fields = new ArrayList<>();
    walkRecord("", record, fields);
    return fields;
  }

  private static void walkRecord(String prefix, IndexedRecord record, List<Field> out) {
    for (Schema.Field field : record.getSchema().getFields()) {
      walk(prefix.isEmpty() ? field.name() : prefix + "." + field.name(), record.get(field.pos()), out);
    }
  }

  private static void walk(String path, Object value, List<Field> out) {
    switch (value) {
      case null -> { }
      case CharSequence text -> out.add(new Field(path, text.toString()));
      case IndexedRecord nested -> walkRecord(path, nested, out);
      case List<?> list -> {
        for (int i = 0; i < list.size(); i++) {
          walk(path + "[" + i + "]", list.get(i), out);
        }
      }
      case Map<?, ?> map -> map.forEach((key, item) -> walk(path + "[" + key + "]", item, out));
      default -> { } // numbers, booleans, enums, instants: nothing secret-shaped
    }
  }
}
