package dev.orkestra.models;

/**
 * A model definition is invalid or cannot be used as configured. The message names the model and the
 * field; it never contains a secret value (only names of environment variables).
 */
public class ModelConfigException extends IllegalArgumentException {

  private final String modelId;
  private final String field;

  /**
   * @param modelId the model's id, or a position such as {@code models[2]} when the id itself is missing
   * @param field   the offending YAML field, or {@code null} when the problem is not about one field
   */
  public ModelConfigException(String modelId, String field, String problem) {
    this(modelId, field, problem, null);
  }

  public ModelConfigException(String modelId, String field, String problem, Throwable cause) {
    super(describe(modelId, field, problem), cause);
    this.modelId = modelId;
    this.field = field;
  }

  /** Used to prefix the source file while keeping model and field for callers that inspect them. */
  private ModelConfigException(String message, ModelConfigException original) {
    super(message, original.getCause());
    this.modelId = original.modelId;
    this.field = original.field;
  }

  ModelConfigException inSource(Object source) {
    return new ModelConfigException(source + ": " + getMessage(), this);
  }

  public String modelId() {
    return modelId;
  }

  public String field() {
    return field;
  }

  private static String describe(String modelId, String field, String problem) {
    String where = field == null ? "" : ": field '" + field + "'";
    return "Model '" + modelId + "'" + where + " " + problem;
  }
}
