package dev.orkestra.runtime;

import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.VerifiedDigest;
import dev.orkestra.events.query.VerifiedExcerpt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Verified excerpts by reference: the coordinator sends the auditor these instead of the texts an
 * answer already quotes, and the auditor checks each quoted text against its {@code textSha256}.
 */
public final class VerifiedDigests {

  private VerifiedDigests() {}

  public static VerifiedDigest of(VerifiedExcerpt verified) {
    Excerpt excerpt = verified.getExcerpt();
    return VerifiedDigest.newBuilder()
        .setCandidateId(verified.getCandidate().getCandidateId())
        .setPath(excerpt.getPath())
        .setStartLine(excerpt.getStartLine())
        .setEndLine(excerpt.getEndLine())
        .setBlobSha(excerpt.getBlobSha())
        .setLineCount(excerpt.getLineCount())
        .setTextSha256(sha256(excerpt.getText()))
        .build();
  }

  public static List<VerifiedDigest> of(List<VerifiedExcerpt> verified) {
    return verified.stream().map(VerifiedDigests::of).toList();
  }

  /** True when {@code text} is exactly the verified text {@code digest} stands for. */
  public static boolean matches(VerifiedDigest digest, String text) {
    return text != null && sha256(text).equals(digest.getTextSha256());
  }

  /** SHA-256 of the UTF-8 bytes of {@code text}, lowercase hex. */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
