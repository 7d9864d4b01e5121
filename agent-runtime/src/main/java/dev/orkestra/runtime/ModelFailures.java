package dev.orkestra.runtime;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.orkestra.models.ModelConfigException;
import dev.orkestra.models.ModelTimeoutException;
import java.io.IOException;

/**
 * Whether a failed model call may succeed when retried. Transient: the model's timeout, HTTP 408/429/5xx,
 * langchain4j's retriable exceptions, I/O errors (endpoint restarting), interruption (the runtime's
 * handler timeout). Everything else — bad credentials, unknown model, invalid request, a script with no
 * entry — is configuration that a retry cannot fix.
 */
public final class ModelFailures {

  private ModelFailures() {}

  public static boolean isTransient(Throwable failure) {
    if (failure instanceof ModelConfigException) {
      return false;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ModelTimeoutException || t instanceof RetriableException || t instanceof IOException
          || t instanceof InterruptedException) {
        return true;
      }
      if (t instanceof HttpException http) {
        int status = http.statusCode();
        return status == 408 || status == 429 || status >= 500;
      }
      if (t instanceof NonRetriableException) {
        return false;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
