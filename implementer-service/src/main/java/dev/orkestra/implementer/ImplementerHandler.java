package dev.orkestra.implementer;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.task.ChangeProposed;
import dev.orkestra.events.task.CodeChange;
import dev.orkestra.events.task.ImplementationRequested;
import dev.orkestra.events.task.PlanStep;
import dev.orkestra.implementer.backend.ImplementerBackend;
import dev.orkestra.implementer.backend.Implementation;
import dev.orkestra.implementer.backend.StepWork;
import dev.orkestra.implementer.git.DiffStats;
import dev.orkestra.implementer.git.StepBranch;
import dev.orkestra.implementer.git.StepCommit;
import dev.orkestra.models.ModelSpec;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.PermanentFailureException;
import dev.orkestra.runtime.RoleHandler;
import dev.orkestra.runtime.RoleModelChoice;
import dev.orkestra.runtime.RoleModelChoice.Choice;
import dev.orkestra.runtime.RoleRequest;
import dev.orkestra.runtime.TransientFailureException;
import dev.orkestra.runtime.source.ReadStatuses;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceValidation;
import dev.orkestra.runtime.workspace.BranchMovedException;
import dev.orkestra.runtime.workspace.Workspace;
import dev.orkestra.runtime.workspace.Workspaces;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The implementer role: one {@link ImplementationRequested} in, one {@link ChangeProposed} out.
 * A clean work tree at the step's starting commit ({@link StepBranch}: the head the coordinator
 * sent, or this step's earlier attempt above it), the backend's edits, one commit whose trailers
 * name task, step, attempt, model and request, and a compare-and-set publish of the task branch —
 * never a base branch (Workspaces refuses anything but {@code orkestra/…}). A step that changes
 * nothing answers with its starting commit.
 *
 * <p>Redelivery and continuation run all of this again: the backend's model calls are replayed from
 * the call journal, and a commit this request already published is found by its trailer and
 * answered with — never a second commit. A branch moved by anything else is a permanent failure
 * naming both heads: the coordinator escalates it to a person, who sees what moved it.
 */
public final class ImplementerHandler implements RoleHandler<ImplementationRequested, ChangeProposed> {

  static final String AUTHOR_NAME = "Orkestra implementer";
  static final String AUTHOR_EMAIL = "implementer@orkestra.invalid";

  private final Workspaces workspaces;
  private final RoleModelChoice models;
  private final ImplementerBackend backend;

  public ImplementerHandler(Workspaces workspaces, RoleModelChoice models, ImplementerBackend backend) {
    this.workspaces = workspaces;
    this.models = models;
    this.backend = backend;
  }

  @Override
  public ChangeProposed handle(RoleRequest<ImplementationRequested> request) throws Exception {
    ImplementationRequested value = request.value();
    validate(value);
    ModelSpec model = model(value.getModel());
    StepCommit self = StepCommit.of(value, model.id());
    String repo = value.getRepo().getRepo();
    String base = value.getRepo().getCommitSha();
    try {
      String head = workspaces.branchHead(repo, value.getBranch());
      StepBranch state;
      try (Workspace workspace = workspaces.checkout(repo, head == null ? base : head)) {
        state = StepBranch.read(workspace.repository(), value.getBranch(), head, base, self);
        if (state.buildOn().equals(workspace.baseCommit())) {
          return implement(request, workspace, state, model, self);
        }
      } catch (StepBranch.MovedException e) {
        throw new PermanentFailureException("branch_moved", e.getMessage());
      }
      // A redelivery whose commit is on the branch: its work is replayed on the commit it was built on.
      try (Workspace workspace = workspaces.checkout(repo, state.buildOn())) {
        return implement(request, workspace, state, model, self);
      }
    } catch (SourceException e) {
      throw failure(e);
    }
  }

  private ChangeProposed implement(RoleRequest<ImplementationRequested> request, Workspace workspace,
      StepBranch state, ModelSpec model, StepCommit self) throws Exception {
    ImplementationRequested value = request.value();
    String base = value.getRepo().getCommitSha();
    String previousAttempt = state.buildOn().equals(base) ? null : state.buildOn();
    Implementation done;
    try {
      done = backend.implement(new StepWork(request, workspace, models.registry().orElseThrow(), model,
          previousAttempt));
    } catch (PermanentFailureException e) {
      if (state.done().isEmpty()) {
        throw e;
      }
      // The journal no longer had the answers the commit was made from (its memory is bounded) and
      // the new ones did not apply: the published commit stands, with the explanation it carries.
      done = new Implementation(explanationOf(workspace, state.done().get()), null, Set.of());
    }
    String commit = state.done().isPresent() ? state.done().get()
        : commitAndPublish(workspace, value, self, state, done);
    return ChangeProposed.newBuilder()
        .setEnvelope(request.replyEnvelope())
        .setTaskId(value.getTask().getTaskId())
        .setStepId(value.getStep().getId())
        .setAttempt(value.getAttempt())
        .setChange(CodeChange.newBuilder().setBranch(value.getBranch()).setBaseSha(base).setCommitSha(commit)
            .setDiffStat(DiffStats.between(workspace.repository(), base, commit)).build())
        .setExplanation(explanation(done))
        .setConfidence(done.confidence())
        .setAuthor(ModelRef.newBuilder().setModelId(model.id()).setFamily(model.family())
            .setProvider(model.provider().id()).build())
        .setUsage(request.usage())
        .build();
  }

  /** The new commit, published; the starting commit when nothing changed. */
  private String commitAndPublish(Workspace workspace, ImplementationRequested value, StepCommit self,
      StepBranch state, Implementation done) throws Exception {
    Optional<String> commit = workspace.commitAll(self.message(value.getStep().getDescription(), done.explanation()),
        // Made now: an ident keeps the time it was created at.
        new PersonIdent(AUTHOR_NAME, AUTHOR_EMAIL));
    if (commit.isEmpty()) {
      return state.buildOn();
    }
    String base = value.getRepo().getCommitSha();
    // One commit per step: a later attempt, made on top of the earlier one, replaces it on the branch.
    String step = state.buildOn().equals(base) ? commit.get() : workspace.squashOnto(commit.get(), base);
    try {
      workspace.publish(value.getBranch(), step, state.expectedHead());
      return step;
    } catch (BranchMovedException e) {
      // Another delivery of this same request may have won the race (a lost consumer's handler still ran).
      String twin = twin(workspace, value, self);
      if (twin != null) {
        return twin;
      }
      throw new PermanentFailureException("branch_moved", e.getMessage() + " (step " + self.stepId() + " attempt "
          + self.attempt() + " built on " + state.buildOn() + "); its commit " + step + " was not pushed");
    }
  }

  /** The branch's head when it is this request's commit (made by a concurrent delivery), else null. */
  private String twin(Workspace workspace, ImplementationRequested value, StepCommit self) throws Exception {
    // Read again rather than trust the push's answer: for a remote this fetches the head into the mirror.
    String now = workspaces.branchHead(value.getRepo().getRepo(), value.getBranch());
    if (now == null) {
      return null;
    }
    try (RevWalk walk = new RevWalk(workspace.repository())) {
      return StepCommit.of(walk.parseCommit(ObjectId.fromString(now)))
          .filter(c -> c.requestId().equals(self.requestId())).map(c -> now).orElse(null);
    } catch (MissingObjectException e) {
      return null;
    }
  }

  private static String explanationOf(Workspace workspace, String commit) throws IOException {
    try (RevWalk walk = new RevWalk(workspace.repository())) {
      return StepCommit.explanation(walk.parseCommit(ObjectId.fromString(commit)));
    }
  }

  private static String explanation(Implementation done) {
    if (!done.explanation().isBlank()) {
      return done.explanation();
    }
    return done.edited().isEmpty() ? "(no explanation given; no file changed)"
        : "(no explanation given) edited " + String.join(", ", done.edited());
  }

  private ModelSpec model(ModelRef routed) throws PermanentFailureException {
    Optional<String> id = Optional.ofNullable(routed).map(ModelRef::getModelId).filter(s -> !s.isBlank())
        .or(models::configuredModelId);
    if (id.isEmpty()) {
      throw new PermanentFailureException("no_model", "the request names no model and "
          + RoleModelChoice.modelSetting(models.role()) + " is not set");
    }
    return switch (models.choose(id.get())) {
      case Choice.Chosen chosen -> chosen.spec();
      case Choice.Unavailable unavailable -> throw new PermanentFailureException("no_model", unavailable.reason());
    };
  }

  private static void validate(ImplementationRequested value) throws InvalidRequestException {
    if (value.getTask() == null || blank(value.getTask().getTaskId())) {
      throw new InvalidRequestException("task.taskId", "is required");
    }
    PlanStep step = value.getStep();
    if (step == null || blank(step.getId())) {
      throw new InvalidRequestException("step.id", "is required");
    }
    if (blank(step.getDescription())) {
      throw new InvalidRequestException("step.description", "is required");
    }
    RepoRef repo = value.getRepo();
    if (repo == null || blank(repo.getRepo())) {
      throw new InvalidRequestException("repo.repo", "is required");
    }
    if (!SourceValidation.isFullCommitSha(repo.getCommitSha())) {
      throw new InvalidRequestException("repo.commitSha", "must be the 40-character commit to build on, was "
          + (repo.getCommitSha() == null ? "nothing" : "'" + repo.getCommitSha() + "'"));
    }
    if (blank(value.getBranch())) {
      throw new InvalidRequestException("branch", "is required");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** INVALID: the request's fault; missing or refused: permanent; I/O and timeouts: may pass. */
  private static Exception failure(SourceException e) {
    if (e.kind() == SourceException.Kind.INVALID) {
      return new InvalidRequestException(e.field() != null ? e.field() : "repo", e.reason());
    }
    if (ReadStatuses.isTransient(e.kind())) {
      return new TransientFailureException(String.valueOf(e.getMessage()), e);
    }
    return new PermanentFailureException(e.kind().name().toLowerCase(java.util.Locale.ROOT), e.getMessage(), e);
  }
}
