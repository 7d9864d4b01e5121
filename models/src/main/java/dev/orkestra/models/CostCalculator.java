package dev.orkestra.models;

import java.math.BigDecimal;

/** Cost in USD from token counts and per-million prices. Decimal arithmetic so 12 × 3.0 / 1e6 is exactly 0.000036. */
public final class CostCalculator {

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private CostCalculator() {
  }

  public static double costUsd(ModelSpec spec, long inputTokens, long outputTokens) {
    return costUsd(spec.inputPricePerMillion(), spec.outputPricePerMillion(), inputTokens, outputTokens);
  }

  public static double costUsd(double inputPricePerMillion, double outputPricePerMillion,
                 long inputTokens, long outputTokens) {
    BigDecimal input = BigDecimal.valueOf(inputPricePerMillion).multiply(BigDecimal.valueOf(inputTokens));
    BigDecimal output = BigDecimal.valueOf(outputPricePerMillion).multiply(BigDecimal.valueOf(outputTokens));
    return input.add(output).divide(MILLION).doubleValue();
  }
}
