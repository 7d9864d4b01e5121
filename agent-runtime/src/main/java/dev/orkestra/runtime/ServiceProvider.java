package dev.orkestra.runtime;

/**
 * A deployable service (a role service, the coordinator) discovered by {@code orkestra up} through
 * {@link java.util.ServiceLoader} — listed in {@code META-INF/services/dev.orkestra.runtime.ServiceProvider}
 * — so the one-JVM local run starts every service whose module is on the classpath. Each service
 * module's own {@code main} uses the same provider against any cluster.
 */
public interface ServiceProvider {

  /** Service name, e.g. {@code extractor} or {@code coordinator}. */
  String name();

  /** Starts the service; closing the returned handle stops it gracefully. */
  AutoCloseable start(ServiceContext context) throws Exception;
}
