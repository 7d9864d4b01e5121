package dev.orkestra.e2e;

import dev.orkestra.cli.LocalSystem;
import dev.orkestra.cli.query.QueryClient;
import dev.orkestra.composer.json.OutputSchemaJson;
import dev.orkestra.composer.json.OutputSchemaValidator;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A running system (from {@link E2ESystem}) with a client, for one test class: every answer
 * {@link #ask} returns has passed the seed's {@code validate_output_schema}.
 */
final class E2EPipeline implements AutoCloseable {

  final LocalSystem system;
  private final QueryClient client;

  private E2EPipeline(LocalSystem system, QueryClient client) {
    this.system = system;
    this.client = client;
  }

  static E2EPipeline of(LocalSystem system) {
    try {
      return new E2EPipeline(system, new QueryClient(system.bootstrapServers()));
    } catch (RuntimeException e) {
      system.close();
      throw e;
    }
  }

  /** Publishes the question and waits up to two minutes for its response, checked against the Output Schema. */
  QueryResponse ask(QueryRequested request) throws Exception {
    QueryResponse response = send(request).get(120, TimeUnit.SECONDS);
    OutputSchemaValidator.validate(OutputSchemaJson.render(response));
    return response;
  }

  /** Publishes the question; the caller decides when to wait. */
  CompletableFuture<QueryResponse> send(QueryRequested request) {
    return client.ask(request);
  }

  String bootstrapServers() {
    return system.bootstrapServers();
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      system.close();
    }
  }
}
