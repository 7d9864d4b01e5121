package dev.orkestra.retriever.embed;

import java.util.List;

/** Turns text into unit-length vectors whose dot product is their cosine similarity. */
public interface Embedder {

  /** Identifies the model; part of every cached embedding's key, so a model change re-embeds. */
  String modelId();

  int dimensions();

  float[] embed(String text);

  /** One vector per text, in order. */
  List<float[]> embedAll(List<String> texts);

  /** Texts embedded by this embedder since the process started (cached embeddings not counted). */
  long embeddedCount();

  static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  static float[] normalized(float[] v) {
    double norm = Math.sqrt(dot(v, v));
    if (norm == 0) {
      return v;
    }
    float[] unit = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      unit[i] = (float) (v[i] / norm);
    }
    return unit;
  }
}
