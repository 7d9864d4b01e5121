package dev.orkestra.planner.context;

/**
 * How much of a repository goes into one prompt. A prompt is paid per token and bounded by the
 * model's context window: a task naming a whole directory, or a 2 MB generated file, must not crowd
 * out the task itself. Whatever is cut is said in the prompt, so the model knows it saw part.
 *
 * @param treePaths paths listed in the repository tree summary
 * @param fileChars characters of one context file
 * @param contextChars characters of all context files together
 * @param filesPerEntry files one context entry (a directory, a glob) may bring in
 * @param policyFileChars characters of one policy file (AGENTS.md, CONTRIBUTING.md, ...)
 * @param policyChars characters of all policy files together
 */
public record ContextBounds(int treePaths, int fileChars, int contextChars, int filesPerEntry, int policyFileChars,
    int policyChars) {

  public static final ContextBounds DEFAULT = new ContextBounds(300, 12_000, 60_000, 25, 8_000, 20_000);
}
