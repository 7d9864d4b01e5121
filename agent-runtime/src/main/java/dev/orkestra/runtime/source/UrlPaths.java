package dev.orkestra.runtime.source;

import java.nio.charset.StandardCharsets;

/** Repository paths in links: the one encoder behind every permalink (readers and composer). */
public final class UrlPaths {

  private UrlPaths() {}

  /** Percent-encodes each path segment ('/' stays the separator): spaces, '#', '?' and non-ASCII would break a link. */
  public static String encode(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isPathChar(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  // RFC 3986 unreserved + sub-delims + ':' '@', plus '/' between segments.
  private static boolean isPathChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
  }
}
