package dev.orkestra.runtime.source;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A GitHub REST API on WireMock for tests (shared with other modules through this module's test
 * jar): repositories, refs, and the files of a commit served consistently through the contents,
 * git trees and git blobs APIs, with real git blob SHAs.
 */
public final class GitHubApiStub implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final WireMockServer server;

  private GitHubApiStub(WireMockServer server) {
    this.server = server;
  }

  public static GitHubApiStub start() {
    WireMockServer server = new WireMockServer(options().dynamicPort());
    server.start();
    return new GitHubApiStub(server);
  }

  public String apiUrl() {
    return server.baseUrl();
  }

  public WireMockServer server() {
    return server;
  }

  /** {@code GET /repos/<name>} with its default branch. */
  public GitHubApiStub repository(String name, String defaultBranch) {
    ObjectNode repo = JSON.createObjectNode();
    repo.put("id", 1).put("name", name.split("/")[1]).put("full_name", name).put("default_branch", defaultBranch)
        .put("private", false).put("html_url", "https://github.com/" + name)
        .put("url", server.baseUrl() + "/repos/" + name);
    repo.putObject("owner").put("login", name.split("/")[0]).put("id", 2);
    server.stubFor(get(urlPathEqualTo("/repos/" + name)).willReturn(okJson(repo.toString())));
    return this;
  }

  /** {@code GET /repos/<name>/commits/<ref>} answering {@code sha}. */
  public GitHubApiStub ref(String name, String ref, String sha) {
    ObjectNode commit = JSON.createObjectNode().put("sha", sha);
    commit.putObject("commit").put("message", "commit " + sha);
    commit.putArray("files");
    commit.putArray("parents");
    server.stubFor(get(urlPathEqualTo("/repos/" + name + "/commits/" + ref)).willReturn(okJson(commit.toString())));
    return this;
  }

  public GitHubApiStub textFiles(String name, String commit, Map<String, String> files) {
    Map<String, byte[]> bytes = new TreeMap<>();
    files.forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
    return files(name, commit, bytes);
  }

  /** The commit's files through the contents API, its directory listings, recursive tree and every blob by SHA. */
  public GitHubApiStub files(String name, String commit, Map<String, byte[]> files) {
    return files(name, commit, files, Map.of());
  }

  /**
   * As {@link #files(String, String, Map)}, plus symlinks ({@code path → target}) stored as git
   * stores them: mode 120000, a blob holding the target, listed with type {@code symlink}.
   */
  public GitHubApiStub files(String name, String commit, Map<String, byte[]> files, Map<String, String> symlinks) {
    ObjectNode tree = JSON.createObjectNode().put("sha", fakeSha("tree:" + commit)).put("truncated", false);
    ArrayNode entries = tree.putArray("tree");
    Map<String, ArrayNode> listings = new TreeMap<>();
    listings.put("", JSON.createArrayNode());
    Map<String, byte[]> blobs = new TreeMap<>(files);
    symlinks.forEach((path, target) -> blobs.put(path, target.getBytes(StandardCharsets.UTF_8)));
    blobs.forEach((path, content) -> {
      boolean link = symlinks.containsKey(path);
      String blobSha = gitBlobSha(content);
      if (!link) {
        server.stubFor(get(urlPathEqualTo("/repos/" + name + "/contents/" + encoded(path)))
            .withQueryParam("ref", equalTo(commit)).willReturn(okJson(contentJson(path, blobSha, content))));
      }
      server.stubFor(get(urlPathEqualTo("/repos/" + name + "/git/blobs/" + blobSha)).willReturn(okJson(
          JSON.createObjectNode().put("sha", blobSha).put("size", content.length).put("encoding", "base64")
              .put("content", Base64.getMimeEncoder().encodeToString(content)).toString())));
      entries.addObject().put("path", path).put("mode", link ? "120000" : "100644").put("type", "blob")
          .put("sha", blobSha).put("size", content.length);
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        String dir = path.substring(0, slash);
        if (!listings.containsKey(dir)) {
          listings.put(dir, JSON.createArrayNode());
          entries.addObject().put("path", dir).put("mode", "040000").put("type", "tree").put("sha", fakeSha("dir:" + dir));
        }
      }
      listed(listings, path, link ? "symlink" : "file", blobSha, content.length);
    });
    for (String dir : listings.keySet()) {
      if (!dir.isEmpty()) {
        listed(listings, dir, "dir", fakeSha("dir:" + dir), 0);
      }
    }
    // Listing a directory through the contents API answers an array of its entries, without content.
    listings.forEach((dir, listing) -> server.stubFor(get(dir.isEmpty()
            ? urlPathMatching("/repos/" + name + "/contents/?")
            : urlPathEqualTo("/repos/" + name + "/contents/" + encoded(dir)))
        .withQueryParam("ref", equalTo(commit)).willReturn(okJson(listing.toString()))));
    server.stubFor(get(urlPathEqualTo("/repos/" + name + "/git/trees/" + commit)).withQueryParam("recursive", equalTo("1"))
        .willReturn(okJson(tree.toString())));
    return this;
  }

  private void listed(Map<String, ArrayNode> listings, String path, String type, String sha, long size) {
    int slash = path.lastIndexOf('/');
    String dir = slash < 0 ? "" : path.substring(0, slash);
    listings.get(dir).addObject().put("type", type).put("name", path.substring(slash + 1)).put("path", path)
        .put("sha", sha).put("size", size).put("url", server.baseUrl() + "/repos/x/contents/" + path);
  }

  /** Any stub, for error responses. */
  public GitHubApiStub stub(MappingBuilder mapping) {
    server.stubFor(mapping);
    return this;
  }

  /** A GitHub error body like the real API's. */
  public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(int status, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody("{\"message\":\"" + message + "\",\"documentation_url\":\"https://docs.github.com/rest\"}");
  }

  /** A deterministic 40-character hex SHA for commits and trees in tests. */
  public static String fakeSha(String seed) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code git hash-object}, computed here independently of the code under test. */
  public static String gitBlobSha(byte[] content) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(sha1.digest(content));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** WireMock matches the encoded path, as it travels. */
  private static String encoded(String path) {
    try {
      return new java.net.URI(null, null, path, null).getRawPath();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private String contentJson(String path, String blobSha, byte[] content) {
    return JSON.createObjectNode().put("type", "file").put("encoding", "base64").put("size", content.length)
        .put("name", path.substring(path.lastIndexOf('/') + 1)).put("path", path).put("sha", blobSha)
        .put("content", Base64.getMimeEncoder().encodeToString(content))
        .put("url", server.baseUrl() + "/repos/x/contents/" + path).toString();
  }

  @Override
  public void close() {
    server.stop();
  }
}
