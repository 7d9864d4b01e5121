package dev.orkestra.composer.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.FileData;
import dev.orkestra.events.query.LinesData;
import dev.orkestra.events.query.Match;
import dev.orkestra.events.query.QueryData;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.Source;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Seed 000's Global Output Schema as JSON — what {@code orkestra ask --json} prints:
 *
 * <pre>{@code
 * {"status": "success|not_available|error", "fetched_at": "2025-01-01T12:00:00Z",
 *  "data": {"file": {...} | "lines": {...} | "matches": [...], "coaching": {...}},
 *  "sources": [{"type", "url", "ref", "commit", "path", "start_line", "end_line", "blob_sha",
 *               "chunk_id", "relevance_score"}],
 *  "message": "..."}
 * }</pre>
 *
 * Keys are the seed's snake_case. {@code data} holds only the parts the answer has ({@code {}} when
 * empty, so the seed's "empty data" check holds); records inside always carry all their keys, with
 * {@code null} where a value is unknown, so consumers see one stable shape.
 */
public final class OutputSchemaJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private OutputSchemaJson() {}

  public static String render(Answer answer) {
    return write(tree(answer));
  }

  public static String render(QueryResponse response) {
    return write(tree(response));
  }

  public static ObjectNode tree(QueryResponse response) {
    return tree(Answer.newBuilder()
        .setStatus(response.getStatus())
        .setFetchedAt(response.getFetchedAt())
        .setData(response.getData())
        .setSources(response.getSources())
        .setMessage(response.getMessage())
        .build());
  }

  public static ObjectNode tree(Answer answer) {
    ObjectNode root = NODES.objectNode();
    root.put("status", answer.getStatus().name().toLowerCase(Locale.ROOT));
    root.put("fetched_at", FetchedAtFormat.format(answer.getFetchedAt()));
    root.set("data", data(answer.getData()));
    ArrayNode sources = root.putArray("sources");
    answer.getSources().forEach(source -> sources.add(source(source)));
    root.put("message", answer.getMessage());
    return root;
  }

  private static ObjectNode data(QueryData data) {
    ObjectNode node = NODES.objectNode();
    if (data == null) {
      return node;
    }
    if (data.getFile() != null) {
      node.set("file", file(data.getFile()));
    }
    if (data.getLines() != null) {
      node.set("lines", lines(data.getLines()));
    }
    if (!data.getMatches().isEmpty()) {
      ArrayNode matches = node.putArray("matches");
      data.getMatches().forEach(match -> matches.add(match(match)));
    }
    if (data.getCoaching() != null) {
      node.set("coaching", coaching(data.getCoaching()));
    }
    return node;
  }

  private static ObjectNode file(FileData file) {
    ObjectNode node = NODES.objectNode();
    node.put("path", file.getPath());
    node.put("content", file.getContent());
    node.put("blob_sha", file.getBlobSha());
    node.put("line_count", file.getLineCount());
    node.put("size", file.getSizeBytes());
    return node;
  }

  private static ObjectNode lines(LinesData lines) {
    ObjectNode node = NODES.objectNode();
    node.put("path", lines.getPath());
    node.put("start_line", lines.getStartLine());
    node.put("end_line", lines.getEndLine());
    node.put("lines", lines.getLines());
    node.put("blob_sha", lines.getBlobSha());
    return node;
  }

  private static ObjectNode match(Match match) {
    ObjectNode node = NODES.objectNode();
    node.put("path", match.getPath());
    node.put("start_line", match.getStartLine());
    node.put("end_line", match.getEndLine());
    node.put("lines", match.getLines());
    node.put("blob_sha", match.getBlobSha());
    node.put("score", match.getScore());
    return node;
  }

  private static ObjectNode coaching(Coaching coaching) {
    ObjectNode node = NODES.objectNode();
    node.put("label", coaching.getLabel());
    node.put("text", coaching.getText());
    return node;
  }

  private static ObjectNode source(Source source) {
    ObjectNode node = NODES.objectNode();
    node.put("type", source.getType() == null ? null : source.getType().name().toLowerCase(Locale.ROOT));
    node.put("url", source.getUrl());
    node.put("ref", source.getRef());
    node.put("commit", source.getCommit());
    node.put("path", source.getPath());
    node.put("start_line", source.getStartLine());
    node.put("end_line", source.getEndLine());
    node.put("blob_sha", source.getBlobSha());
    node.put("chunk_id", source.getChunkId());
    node.put("relevance_score", source.getRelevanceScore());
    return node;
  }

  private static String write(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
