package dev.orkestra.coordinator.query;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What is due when, in the store {@code query-deadlines}: each in-flight query's stage deadline and
 * each answered marker's expiry (both the {@code stageDeadline} of their {@code query-progress} entry), keyed {@code <epoch ms, 19 digits>/<kind>/<queryId>} so that the
 * keys sort by time and one range scan up to now finds exactly what is due, instead of reading every
 * query in flight on every check. The value is the queryId again, for people reading the changelog.
 */
final class DeadlineIndex {

  /** What falls due. */
  enum Kind {
    /** The query's current stage must have answered by then. */
    STAGE('S'),
    /** The query's answered marker may go: no re-publish of it can be younger. */
    ANSWERED('A');

    private final char code;

    Kind(char code) {
      this.code = code;
    }

    static Kind of(char code) {
      for (Kind kind : values()) {
        if (kind.code == code) {
          return kind;
        }
      }
      throw new IllegalArgumentException("unknown deadline kind '" + code + "'");
    }
  }

  /** One due entry. */
  record Due(Kind kind, String queryId, long at) {}

  /** Above every kind code and queryId character that follows a time: the last key of a time. */
  private static final String AFTER_EVERY_KEY_OF_A_TIME = "/\uffff";

  private final KeyValueStore<String, String> store;

  DeadlineIndex(KeyValueStore<String, String> store) {
    this.store = store;
  }

  void add(Kind kind, String queryId, long at) {
    store.put(key(kind, queryId, at), queryId);
  }

  void remove(Kind kind, String queryId, long at) {
    store.delete(key(kind, queryId, at));
  }

  /** At most {@code max} entries due by {@code now}, earliest first. */
  List<Due> due(long now, int max) {
    List<Due> due = new ArrayList<>();
    try (KeyValueIterator<String, String> range = store.range(null, time(now) + AFTER_EVERY_KEY_OF_A_TIME)) {
      while (range.hasNext() && due.size() < max) {
        due.add(parse(range.next().key));
      }
    }
    return due;
  }

  static String key(Kind kind, String queryId, long at) {
    return time(at) + "/" + kind.code + "/" + queryId;
  }

  static Due parse(String key) {
    int first = key.indexOf('/');
    return new Due(Kind.of(key.charAt(first + 1)), key.substring(first + 3), Long.parseLong(key.substring(0, first)));
  }

  /** Zero-padded, so that string order is time order (epoch ms is never negative here). */
  private static String time(long at) {
    return String.format("%019d", Math.max(0, at));
  }
}
