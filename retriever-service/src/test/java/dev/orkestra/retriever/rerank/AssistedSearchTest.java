package dev.orkestra.retriever.rerank;

import static dev.orkestra.retriever.rerank.RerankReplyTest.hit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.models.ModelCall;
import dev.orkestra.models.ModelCallException;
import dev.orkestra.retriever.search.SearchHit;
import dev.orkestra.runtime.ModelCaller;
import dev.orkestra.runtime.ModelReply;
import dev.orkestra.runtime.TransientFailureException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The assisted search's steps against a fake index and a fake model. */
class AssistedSearchTest {

  private static final String QUESTION = "Where does the login route check the credentials?";
  private static final SearchHit SERVER = hit("backend/server.py", 1, 28, 0.39);
  private static final SearchHit AUTH = hit("backend/auth.py", 28, 57, 0.38);
  private static final SearchHit MODELS = hit("backend/models.py", 1, 27, 0.2);
  private static final SearchHit HASHING = hit("backend/auth.py", 1, 25, 0.45);

  private final List<String> searched = new ArrayList<>();
  private final List<String> prompts = new ArrayList<>();

  /** Answers the question with SERVER, AUTH, MODELS and the expanded question with HASHING, AUTH; knows two words. */
  private final AssistedSearch.Index index = new AssistedSearch.Index() {
    @Override
    public List<SearchHit> search(String question, int maxHits) {
      searched.add(question);
      List<SearchHit> hits = question.contains("\n") ? List.of(HASHING, AUTH) : List.of(SERVER, AUTH, MODELS);
      return hits.subList(0, Math.min(maxHits, hits.size()));
    }

    @Override
    public List<String> mentioned(List<String> words) {
      return words.stream().filter(w -> w.equals("verify_password") || w.equals("SESSIONS")).toList();
    }
  };

  @Test
  void theTermsAreSearchedWithTheQuestionAndTheModelsOrderComesBestFirst() throws Exception {
    ModelStep step = step(Map.of(
        QueryRewrite.HEADER, "{\"terms\": [\"verify_password\", \"AuthService\", \"SESSIONS\"]}",
        CandidateReranker.HEADER, "{\"keep\": [2, 4]}"));

    AssistedSearch.Result result = AssistedSearch.search(index, QUESTION, 10, step);

    assertThat(searched).containsExactly(QUESTION, QUESTION + "\nverify_password SESSIONS");
    // Fused: AUTH (found by both) first, then the two first places, then MODELS.
    assertThat(prompts.get(1)).contains("[1] backend/auth.py:28-57", "[2] backend/server.py:1-28",
        "[3] backend/auth.py:1-25", "[4] backend/models.py:1-27").doesNotContain("[5]");
    assertThat(result.hits()).extracting(SearchHit::chunkId).containsExactly(SERVER.chunkId(), MODELS.chunkId());
    assertThat(result.hits()).extracting(SearchHit::score).containsExactly(0.39, 0.2);
    assertThat(result.usage()).hasSize(2).extracting(ModelUsage::getInputTokens).containsExactly(1L, 2L);
  }

  @Test
  void scoresAreHandedOutAgainSoTheModelsOrderSurvivesOrderingByScore() throws Exception {
    ModelStep step = step(Map.of(QueryRewrite.HEADER, "{\"terms\": []}", CandidateReranker.HEADER, "[3, 1, 2]"));

    AssistedSearch.Result result = AssistedSearch.search(index, QUESTION, 10, step);

    assertThat(result.hits()).extracting(SearchHit::path)
        .containsExactly("backend/models.py", "backend/server.py", "backend/auth.py");
    assertThat(result.hits()).extracting(SearchHit::score).containsExactly(0.39, 0.38, 0.2);
    assertThat(searched).containsExactly(QUESTION);
  }

  @Test
  void whenNeitherStepHelpsTheCandidatesAreExactlyTheSearchs() throws Exception {
    ModelStep step = step(Map.of(QueryRewrite.HEADER, "no idea", CandidateReranker.HEADER, "{\"keep\": [\"x.py\"]}"));

    AssistedSearch.Result result = AssistedSearch.search(index, QUESTION, 2, step);

    assertThat(result.hits()).containsExactly(SERVER, AUTH);
    assertThat(result.usage()).hasSize(2);
  }

  @Test
  void aFailingModelLeavesTheSearchAsItWas() throws Exception {
    ModelCaller failing = call -> {
      throw new ModelCallException("m", "retriever", "Model 'm' (openai) failed: HttpException: 503", null);
    };

    AssistedSearch.Result result = AssistedSearch.search(index, QUESTION, 10, new ModelStep(failing, "m", "q1"));

    assertThat(result.hits()).containsExactly(SERVER, AUTH, MODELS);
    assertThat(result.usage()).isEmpty();
  }

  @Test
  void whatIsNotTheModelsFailureIsThrownOn() {
    ModelCaller unrecorded = call -> {
      throw new TransientFailureException("the answer could not be journaled");
    };

    assertThatThrownBy(() -> AssistedSearch.search(index, QUESTION, 10, new ModelStep(unrecorded, "m", "q1")))
        .isInstanceOf(TransientFailureException.class);
  }

  @Test
  void aQuestionTheGateRefusesCallsNoModel() throws Exception {
    AssistedSearch.Index empty = new AssistedSearch.Index() {
      @Override
      public List<SearchHit> search(String question, int maxHits) {
        return List.of();
      }

      @Override
      public List<String> mentioned(List<String> words) {
        return words;
      }
    };

    AssistedSearch.Result result = AssistedSearch.search(empty, QUESTION, 10,
        step(Map.of(QueryRewrite.HEADER, "[\"x\"]", CandidateReranker.HEADER, "[1]")));

    assertThat(result.hits()).isEmpty();
    assertThat(prompts).isEmpty();
  }

  @Test
  void aSingleCandidateIsNotSentForRanking() throws Exception {
    AssistedSearch.Index single = new AssistedSearch.Index() {
      @Override
      public List<SearchHit> search(String question, int maxHits) {
        return List.of(AUTH);
      }

      @Override
      public List<String> mentioned(List<String> words) {
        return List.of();
      }
    };

    AssistedSearch.Result result = AssistedSearch.search(single, QUESTION, 10,
        step(Map.of(QueryRewrite.HEADER, "[\"AuthService\"]", CandidateReranker.HEADER, "[]")));

    assertThat(result.hits()).containsExactly(AUTH);
    assertThat(prompts).singleElement().asString().startsWith(QueryRewrite.HEADER);
    assertThat(result.usage()).hasSize(1);
  }

  /** A model answering by the user message's first line; its n-th call reports n input tokens. */
  private ModelStep step(Map<String, String> answers) {
    Function<ModelCall, String> answer = call -> {
      String text = ((UserMessage) call.messages().getLast()).singleText();
      prompts.add(text);
      return answers.get(text.lines().findFirst().orElseThrow());
    };
    ModelCaller caller = call -> new ModelReply(answer.apply(call), ModelUsage.newBuilder().setModelId(call.modelId())
        .setProvider("fake").setInputTokens(prompts.size()).setCostUsd(0.001).build());
    return new ModelStep(caller, "fake-model", "q1");
  }
}
