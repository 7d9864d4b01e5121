package dev.orkestra.coordinator.task;

import dev.orkestra.events.common.ModelRef;
import java.util.LinkedHashMap;
import java.util.Map;

/** The models of seed 002 (and one of another family), as the registry would declare them. */
final class Models {

  static final ModelRef CLAUDE_SONNET = ref("claude-sonnet", "claude", "anthropic");
  static final ModelRef GEMINI_PRO = ref("gemini-pro", "gemini", "gemini");
  static final ModelRef GEMINI_FLASH = ref("gemini-flash", "gemini", "gemini");
  static final ModelRef GPT_MINI = ref("gpt-mini", "gpt", "openai");

  private Models() {}

  static ModelRef ref(String id, String family, String provider) {
    return ModelRef.newBuilder().setModelId(id).setFamily(family).setProvider(provider).build();
  }

  static Map<String, ModelRef> catalog() {
    Map<String, ModelRef> models = new LinkedHashMap<>();
    for (ModelRef model : new ModelRef[] {CLAUDE_SONNET, GEMINI_PRO, GEMINI_FLASH, GPT_MINI}) {
      models.put(model.getModelId(), model);
    }
    return models;
  }

  static ModelRouter seedRouter() {
    return new ModelRouter(RoutingTable.seedTable(catalog()), catalog());
  }

  static ModelRouter router(String yaml) {
    return new ModelRouter(RoutingTable.parse(yaml, "test.yaml", catalog()), catalog());
  }
}
