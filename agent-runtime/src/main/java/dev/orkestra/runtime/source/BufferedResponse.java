package dev.orkestra.runtime.source;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSession;

/**
 * A response received whole, handed to a caller's body handler as if it were arriving: the body
 * subscriber gets the bytes as one buffer on its first request, then completion. Lets
 * {@link TimeoutHttpClient} bound the network exchange without bounding the caller's reading.
 */
record BufferedResponse<T>(HttpResponse<byte[]> received, T body) implements HttpResponse<T> {

  static <T> BufferedResponse<T> of(HttpResponse<byte[]> received, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    HttpResponse.BodySubscriber<T> subscriber = handler.apply(new ResponseInfo() {
      @Override
      public int statusCode() {
        return received.statusCode();
      }

      @Override
      public HttpHeaders headers() {
        return received.headers();
      }

      @Override
      public HttpClient.Version version() {
        return received.version();
      }
    });
    byte[] bytes = received.body() == null ? new byte[0] : received.body();
    AtomicBoolean delivered = new AtomicBoolean();
    subscriber.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        // The first demand gets the whole body, then its end (completion needs no demand).
        if (n > 0 && delivered.compareAndSet(false, true)) {
          subscriber.onNext(List.of(ByteBuffer.wrap(bytes)));
          subscriber.onComplete();
        }
      }

      @Override
      public void cancel() {
        delivered.set(true);
      }
    });
    try {
      return new BufferedResponse<>(received, subscriber.getBody().toCompletableFuture().get());
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  @Override
  public int statusCode() {
    return received.statusCode();
  }

  @Override
  public HttpRequest request() {
    return received.request();
  }

  @Override
  public Optional<HttpResponse<T>> previousResponse() {
    return Optional.empty();
  }

  @Override
  public HttpHeaders headers() {
    return received.headers();
  }

  @Override
  public Optional<SSLSession> sslSession() {
    return received.sslSession();
  }

  @Override
  public URI uri() {
    return received.uri();
  }

  @Override
  public HttpClient.Version version() {
    return received.version();
  }
}
