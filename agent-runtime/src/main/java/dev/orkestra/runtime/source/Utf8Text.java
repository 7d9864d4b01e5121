package dev.orkestra.runtime.source;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding of file content. A lenient decode would replace malformed bytes with
 * U+FFFD and the "verbatim" text would no longer be the file's bytes; such files are refused as
 * NOT_TEXT instead. Decoded strictly, two texts are equal exactly when their bytes are.
 */
public final class Utf8Text {

  private Utf8Text() {}

  public static String decode(String path, byte[] content) throws SourceException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SourceException(SourceException.Kind.NOT_TEXT, "file '" + path + "' is not valid UTF-8 text", "path",
          null, null);
    }
  }
}
