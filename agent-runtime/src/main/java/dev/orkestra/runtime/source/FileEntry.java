package dev.orkestra.runtime.source;

/** One file of a tree at a commit. */
public record FileEntry(String path, String blobSha, long sizeBytes) {}
