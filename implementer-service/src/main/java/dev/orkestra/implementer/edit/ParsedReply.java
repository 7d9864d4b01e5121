package dev.orkestra.implementer.edit;

import java.util.List;

/**
 * What a model's reply holds: its edit blocks in order, the prose around them (the explanation),
 * the confidence it stated, and what could not be read as a block (sent back in a repair round).
 *
 * @param confidence 0.0-1.0, null when the reply states none
 */
public record ParsedReply(List<EditBlock> blocks, String prose, Double confidence, List<String> problems) {

  public ParsedReply {
    blocks = List.copyOf(blocks);
    problems = List.copyOf(problems);
  }
}
