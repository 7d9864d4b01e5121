package dev.orkestra.coordinator.streams;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What is due when, in an in-memory index store beside a processor's state store: keyed
 * {@code <epoch ms, 19 digits>/<kind>/<id>} so that the keys sort by time and one range scan up to
 * now finds exactly what is due, instead of reading every entry of the state store on every check.
 * The query processor indexes each query's stage deadline and each answered marker's expiry
 * ({@code query-deadlines}); the task processor each running task's time limit
 * ({@code task-deadlines}). The value is the id again, for people reading the store.
 */
public final class DeadlineIndex {

  /** What falls due. */
  public enum Kind {
    /** The entry's current work must have answered by then: a query's stage, a task's time limit. */
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

  /** One due entry: the id (queryId, taskId) of the state store entry that fell due at {@code at}. */
  public record Due(Kind kind, String id, long at) {}

  /** Above every kind code and id character that follows a time: the last key of a time. */
  private static final String AFTER_EVERY_KEY_OF_A_TIME = "/\uffff";

  private final KeyValueStore<String, String> store;

  public DeadlineIndex(KeyValueStore<String, String> store) {
    this.store = store;
  }

  public void add(Kind kind, String id, long at) {
    store.put(key(kind, id, at), id);
  }

  public void remove(Kind kind, String id, long at) {
    store.delete(key(kind, id, at));
  }

  /** At most {@code max} entries due by {@code now}, earliest first. */
  public List<Due> due(long now, int max) {
    List<Due> due = new ArrayList<>();
    try (KeyValueIterator<String, String> range = store.range(null, time(now) + AFTER_EVERY_KEY_OF_A_TIME)) {
      while (range.hasNext() && due.size() < max) {
        due.add(parse(range.next().key));
      }
    }
    return due;
  }

  public static String key(Kind kind, String id, long at) {
    return time(at) + "/" + kind.code + "/" + id;
  }

  public static Due parse(String key) {
    int first = key.indexOf('/');
    return new Due(Kind.of(key.charAt(first + 1)), key.substring(first + 3), Long.parseLong(key.substring(0, first)));
  }

  /** Zero-padded, so that string order is time order (epoch ms is never negative here). */
  private static String time(long at) {
    return String.format("%019d", Math.max(0, at));
  }
}
