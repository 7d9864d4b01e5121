package dev.orkestra.implementer.edit;

/**
 * One edit a model asked for, in one of aider's two formats. Texts use {@code \n} line ends and end
 * with one (or are empty): the applier converts them to the file's own line ends.
 */
public sealed interface EditBlock {

  /** The repository-relative path the edit names, as written. */
  String path();

  /** Replace the lines {@code search} with {@code replace}; an empty {@code search} creates a new file. */
  record SearchReplace(String path, String search, String replace) implements EditBlock {}

  /** The file's whole new content. */
  record WholeFile(String path, String content) implements EditBlock {}
}
