package dev.orkestra.runtime.source;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A JDK {@link HttpClient} that bounds every exchange, body included, by one timeout.
 * github-api's {@code HttpClientGitHubConnector} builds its requests itself and sets no timeout,
 * and reads bodies as a stream after {@code send} returned with the headers: a request timeout
 * alone would let a server that trickles its body hold a handler for as long as it likes. So the
 * whole response is received within the timeout (the exchange is cancelled, and the caller gets an
 * {@link HttpTimeoutException}, when it is not), then handed to the caller's body handler from
 * memory: the time the caller takes to parse it is its own. GitHub's answers are bounded (a
 * recursive tree at most 7 MB, a file 1 MB), so holding one in memory is fine. The connect timeout
 * is the delegate's own.
 */
final class TimeoutHttpClient extends HttpClient {

  private final HttpClient delegate;
  private final Duration timeout;

  TimeoutHttpClient(HttpClient delegate, Duration timeout) {
    this.delegate = delegate;
    this.timeout = timeout;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    HttpRequest bounded = HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout).build();
    CompletableFuture<HttpResponse<byte[]>> exchange = delegate.sendAsync(bounded, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> response;
    try {
      response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new HttpTimeoutException("no complete response within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
    return BufferedResponse.of(response, handler);
  }

  /** As {@link #send}, on a virtual thread: the same bound for asynchronous callers. */
  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        result.complete(send(request, handler));
      } catch (IOException | InterruptedException | RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /** Server push (HTTP/2) is not used by GitHub's API: promises are not offered to the handler. */
  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return sendAsync(request, handler);
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }

  @Override
  public void shutdownNow() {
    delegate.shutdownNow();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
