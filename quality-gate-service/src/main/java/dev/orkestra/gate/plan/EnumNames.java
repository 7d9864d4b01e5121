package dev.orkestra.gate.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enum constant from its lower-case name in quality.yml, or an error listing the names there are. */
final class EnumNames {

  private EnumNames() {}

  static <E extends Enum<E>> E parse(Class<E> type, String value, String where) throws QualityFileException {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new QualityFileException(where + ": '" + value + "' is not one of " + Arrays.stream(type.getEnumConstants())
          .map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
  }
}
