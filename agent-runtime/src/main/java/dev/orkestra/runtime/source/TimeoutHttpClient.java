package dev.orkestra.runtime.source;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A JDK {@link HttpClient} that bounds every exchange, body included, by one timeout.
 * github-api's {@code HttpClientGitHubConnector} builds its requests itself and sets no timeout,
 * and it reads bodies as an {@code InputStream} after {@code send} has returned with the headers:
 * a request timeout alone would let a server that trickles its body hold a handler for as long as
 * it likes. So each request gets the timeout for its headers, and its body subscriber a deadline
 * at the same instant: past it, the body is cancelled and the reader sees an
 * {@link HttpTimeoutException}. The connect timeout is the delegate's own.
 */
final class TimeoutHttpClient extends HttpClient {

  private final HttpClient delegate;
  private final Duration timeout;

  TimeoutHttpClient(HttpClient delegate, Duration timeout) {
    this.delegate = delegate;
    this.timeout = timeout;
  }

  private HttpRequest withTimeout(HttpRequest request) {
    return HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout).build();
  }

  private <T> HttpResponse.BodyHandler<T> withDeadline(HttpResponse.BodyHandler<T> handler) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return info -> new DeadlineSubscriber<>(handler.apply(info), deadline, timeout);
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return delegate.send(withTimeout(request), withDeadline(handler));
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return delegate.sendAsync(withTimeout(request), withDeadline(handler));
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return delegate.sendAsync(withTimeout(request), withDeadline(handler), pushPromiseHandler);
  }

  /**
   * Passes a body through until the deadline; then cancels the upstream subscription and fails the
   * downstream one. Forwarded signals are serialised by a lock on {@code done}, as reactive streams
   * require, since the deadline fires on another thread than the body's: after it, nothing more is
   * forwarded.
   */
  private static final class DeadlineSubscriber<T> implements HttpResponse.BodySubscriber<T> {
    private final HttpResponse.BodySubscriber<T> downstream;
    private final long deadline;
    private final Duration timeout;
    private Flow.Subscription subscription;
    private boolean done;

    DeadlineSubscriber(HttpResponse.BodySubscriber<T> downstream, long deadline, Duration timeout) {
      this.downstream = downstream;
      this.deadline = deadline;
      this.timeout = timeout;
    }

    @Override
    public CompletionStage<T> getBody() {
      return downstream.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      downstream.onSubscribe(subscription);
      long left = Math.max(0, deadline - System.nanoTime());
      CompletableFuture.delayedExecutor(left, TimeUnit.NANOSECONDS).execute(this::expire);
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> item) {
      if (!done) {
        downstream.onNext(item);
      }
    }

    @Override
    public synchronized void onError(Throwable error) {
      if (!done) {
        done = true;
        downstream.onError(error);
      }
    }

    @Override
    public synchronized void onComplete() {
      if (!done) {
        done = true;
        downstream.onComplete();
      }
    }

    /** Outside the lock: cancelling takes the client's own locks, which its threads may hold while calling onNext. */
    private void expire() {
      synchronized (this) {
        if (done) {
          return;
        }
        done = true;
      }
      subscription.cancel();
      downstream.onError(new HttpTimeoutException("response body not received within " + timeout.toMillis() + " ms"));
    }
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
