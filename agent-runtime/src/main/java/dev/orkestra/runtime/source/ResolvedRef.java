package dev.orkestra.runtime.source;

/** A ref resolved to a commit: {@code ref} as the user named it (or the default branch's name). */
public record ResolvedRef(String ref, String commitSha) {}
