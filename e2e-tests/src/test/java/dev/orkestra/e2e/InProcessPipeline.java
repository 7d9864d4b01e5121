package dev.orkestra.e2e;

import dev.orkestra.auditor.Auditor;
import dev.orkestra.auditor.AuditorHandler;
import dev.orkestra.composer.ComposerHandler;
import dev.orkestra.coordinator.CoordinatorConfig;
import dev.orkestra.coordinator.query.AnswerCacheKey;
import dev.orkestra.coordinator.query.RefMemo;
import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.CompositionRequested;
import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.RetrievalRequested;
import dev.orkestra.events.query.VerificationCompleted;
import dev.orkestra.events.query.VerificationRequested;
import dev.orkestra.events.query.VerifiedExcerpt;
import dev.orkestra.extractor.ExtractionHandler;
import dev.orkestra.retriever.RetrieverProvider;
import dev.orkestra.retriever.index.IndexProgressListener;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.RoleRequest;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.VerifiedDigests;
import dev.orkestra.runtime.source.RoutingSourceReader;
import dev.orkestra.runtime.source.SourceReaders;
import dev.orkestra.verifier.IndependentReader;
import dev.orkestra.verifier.VerificationHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmark's baseline: the same role handlers the services run, called directly in one
 * thread of control (extraction and verification fanned out on virtual threads, as the services
 * do), with a plain map as the answer cache consulted the way the coordinator does (at once when
 * the {@link RefMemo} recalls the ref's commit, else after retrieval). What Kafka orchestration
 * costs is the difference.
 */
final class InProcessPipeline implements AutoCloseable {

  private static final String PRODUCER = "in-process";

  private final RetrieverProvider.Parts retriever;
  private final RoutingSourceReader extractorReader;
  private final ExtractionHandler extractor;
  private final IndependentReader verifierReader;
  private final VerificationHandler verifier;
  private final ComposerHandler composer = new ComposerHandler(Clock.systemUTC());
  private final AuditorHandler auditor = new AuditorHandler(Auditor.standard(Clock.systemUTC()));
  private final Map<String, Answer> cache = new ConcurrentHashMap<>();
  private final RefMemo refs = new RefMemo(CoordinatorConfig.defaults().refReuse(), 10_000);
  private final ExecutorService fanOut = Executors.newVirtualThreadPerTaskExecutor();

  InProcessPipeline(ServiceContext system) {
    // Its own data directory: Lucene allows one writer per index, and the service holds it. The
    // warm-up indexes both, so both search a warm index of the same commit.
    ServiceContext context = new ServiceContext(system.bootstrapServers(), system.dataDir().resolve("in-process"),
        system.modelsFile(), system.settings(), system.environment());
    retriever = RetrieverProvider.parts(context, IndexProgressListener.NONE);
    extractorReader = SourceReaders.forService(context, "bench-extractor");
    extractor = new ExtractionHandler(extractorReader);
    verifierReader = new IndependentReader(
        SourceReaders.forService(context, "bench-verifier"));
    verifier = new VerificationHandler(verifierReader);
  }

  Answer ask(QueryRequested query) throws Exception {
    Envelope start = query.getEnvelope();
    var recalled = refs.recall(query.getRepo(), System.currentTimeMillis());
    if (recalled.isPresent()) {
      Answer cached = cache.get(AnswerCacheKey.of(query, recalled.get()).value());
      if (cached != null) {
        return cached;
      }
    }
    RetrievalCompleted retrieval = retriever.handler().handle(RoleRequest.direct(RetrievalRequested.newBuilder()
        .setEnvelope(Envelopes.reply(start, PRODUCER))
        .setAction(query.getAction())
        .setRepo(query.getRepo())
        .setPath(query.getPath())
        .setStartLine(query.getStartLine())
        .setEndLine(query.getEndLine())
        .setQuestion(query.getQuestion())
        .setMaxCandidates(query.getMaxMatches() == null ? 5 : query.getMaxMatches())
        .build(), PRODUCER));
    refs.remember(query.getRepo(), retrieval.getRepo(), System.currentTimeMillis());
    String cacheKey = AnswerCacheKey.of(query, retrieval.getRepo()).value();
    Answer cached = cache.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    List<Future<Optional<VerifiedExcerpt>>> checks = new ArrayList<>();
    for (Candidate candidate : retrieval.getCandidates()) {
      checks.add(fanOut.submit(() -> extractAndVerify(start, retrieval, candidate)));
    }
    List<VerifiedExcerpt> verified = new ArrayList<>();
    for (Future<Optional<VerifiedExcerpt>> check : checks) {
      check.get().ifPresent(verified::add);
    }
    Answer answer = composer.handle(RoleRequest.direct(CompositionRequested.newBuilder()
        .setEnvelope(Envelopes.reply(start, PRODUCER))
        .setRole(query.getRole())
        .setAction(query.getAction())
        .setRepo(retrieval.getRepo())
        .setPath(query.getPath())
        .setStartLine(query.getStartLine())
        .setEndLine(query.getEndLine())
        .setQuestion(query.getQuestion())
        .setVerified(verified)
        .setCandidatesTotal(retrieval.getCandidates().size())
        .setCandidatesVerified(verified.size())
        .setUnavailableReason(verified.isEmpty() ? "NOT_AVAILABLE: No matches found for query" : null)
        .build(), PRODUCER)).getAnswer();
    boolean passed = auditor.handle(RoleRequest.direct(AuditRequested.newBuilder()
        .setEnvelope(Envelopes.reply(start, PRODUCER))
        .setRole(query.getRole())
        .setAction(query.getAction())
        .setAnswer(answer)
        .setVerifiedDigests(VerifiedDigests.of(verified))
        .build(), PRODUCER)).getPassed();
    if (!passed) {
      throw new IllegalStateException("in-process answer failed its audit");
    }
    cache.put(cacheKey, answer);
    return answer;
  }

  private Optional<VerifiedExcerpt> extractAndVerify(Envelope start, RetrievalCompleted retrieval, Candidate candidate)
      throws Exception {
    ExtractionCompleted extraction = extractor.handle(RoleRequest.direct(ExtractionRequested.newBuilder()
        .setEnvelope(Envelopes.reply(start, PRODUCER))
        .setRepo(retrieval.getRepo())
        .setCandidate(candidate)
        .build(), PRODUCER));
    if (extraction.getStatus() != ReadStatus.OK) {
      return Optional.empty();
    }
    VerificationCompleted verification = verifier.handle(RoleRequest.direct(VerificationRequested.newBuilder()
        .setEnvelope(Envelopes.reply(start, PRODUCER))
        .setRepo(retrieval.getRepo())
        .setCandidateId(candidate.getCandidateId())
        .setClaimed(extraction.getExcerpt())
        .setExtractedVia(extraction.getReadVia())
        .build(), PRODUCER));
    return verification.getMatch()
        ? Optional.of(new VerifiedExcerpt(candidate, extraction.getExcerpt()))
        : Optional.empty();
  }

  @Override
  public void close() {
    fanOut.shutdownNow();
    retriever.close();
    extractorReader.close();
    verifierReader.close();
  }
}
