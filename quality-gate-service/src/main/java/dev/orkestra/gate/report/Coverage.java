package dev.orkestra.gate.report;

/** Line coverage summed over reports: lines executed by the tests of all lines that could be. */
public record Coverage(long covered, long total) {

  public static final Coverage NONE = new Coverage(0, 0);

  public boolean measured() {
    return total > 0;
  }

  public double percent() {
    return total == 0 ? 0.0 : 100.0 * covered / total;
  }

  public Coverage plus(Coverage other) {
    return new Coverage(covered + other.covered, total + other.total);
  }
}
