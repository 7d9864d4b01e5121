package dev.orkestra.retriever;

import dev.orkestra.runtime.ServiceHost;
import java.util.List;

/**
 * Deployable entry point: the retriever role against {@code KAFKA_BOOTSTRAP_SERVERS}, state under
 * {@code $ORKESTRA_HOME/retriever/}, settings from {@code ORKESTRA_RETRIEVER_*} variables or
 * {@code -Dorkestra.retriever.*} properties.
 */
public final class RetrieverMain {

  private RetrieverMain() {}

  public static void main(String[] args) throws Exception {
    ServiceHost.run(List.of(new RetrieverProvider()));
  }
}
