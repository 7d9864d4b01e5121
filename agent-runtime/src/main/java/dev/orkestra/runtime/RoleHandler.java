package dev.orkestra.runtime;

import org.apache.avro.specific.SpecificRecord;

/**
 * The one thing a role service does: turn a request into exactly one result.
 *
 * <p>Throw {@link InvalidRequestException} or {@link PermanentFailureException} when retrying
 * cannot help, {@link TransientFailureException} (or any other exception) when it might; the
 * runtime retries, reports failures and dead-letters for you. Handlers hold no workflow state.
 */
@FunctionalInterface
public interface RoleHandler<Q extends SpecificRecord, R extends SpecificRecord> {

  R handle(RoleRequest<Q> request) throws Exception;
}
