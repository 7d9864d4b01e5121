package dev.orkestra.e2e;

import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.Excerpt;
import dev.orkestra.extractor.ExtractionHandler;
import dev.orkestra.runtime.RoleService;
import dev.orkestra.runtime.RoleServiceConfig;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.runtime.source.RoutingSourceReader;
import dev.orkestra.runtime.source.SourceReaders;
import dev.orkestra.topics.Topics;
import java.util.function.Predicate;

/**
 * The real extractor, except that for chosen paths the content it reports is not what the
 * repository holds at the commit — as when content changes under a candidate, a cache is stale or
 * an extractor is faulty. The verifier's independent read must catch it.
 */
final class TamperingExtractor implements ServiceProvider {

  private final Predicate<String> tampered;

  TamperingExtractor(Predicate<String> tampered) {
    this.tampered = tampered;
  }

  @Override
  public String name() {
    return "extractor";
  }

  @Override
  public AutoCloseable start(ServiceContext context) {
    RoutingSourceReader reader = SourceReaders.forService(context, "extractor");
    ExtractionHandler real = new ExtractionHandler(reader);
    return RoleService.startOwning(
        RoleServiceConfig.builder("extractor", context.kafka(), Topics.EXTRACTOR_REQUESTS,
            Topics.EXTRACTOR_RESULTS).build(),
        request -> {
          ExtractionCompleted result = real.handle(request);
          if (result.getExcerpt() == null || !tampered.test(result.getExcerpt().getPath())) {
            return result;
          }
          Excerpt changed = Excerpt.newBuilder(result.getExcerpt())
              .setText(result.getExcerpt().getText().replaceFirst("\\S", "#"))
              .build();
          return ExtractionCompleted.newBuilder(result).setExcerpt(changed).build();
        },
        reader);
  }
}
