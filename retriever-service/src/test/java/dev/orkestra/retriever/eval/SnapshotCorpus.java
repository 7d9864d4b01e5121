package dev.orkestra.retriever.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.TimeZone;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * A public repository pinned to a commit and stored as {@code /eval/NAME/snapshot.tar.gz} ({@code git
 * archive} of that commit, binaries left out; {@code SOURCE.md} beside it says what and whence), with
 * its questions in {@code /eval/NAME/questions.yaml}. Built into a git repository by writing the
 * blobs, tree and commit directly — not through a work tree, whose {@code .gitignore} files would
 * drop files the upstream repository does commit.
 */
record SnapshotCorpus(String name) implements EvalCorpus {

  @Override
  public EvalQuestions questions() {
    return EvalQuestions.load("/eval/" + name + "/questions.yaml");
  }

  @Override
  public String build(Path dir) {
    String resource = "/eval/" + name + "/snapshot.tar.gz";
    try (InputStream raw = SnapshotCorpus.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalStateException("no snapshot " + resource + " on the test classpath");
      }
      Files.createDirectories(dir);
      try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
          TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw, 1 << 16))) {
        Repository repository = git.getRepository();
        int files = 0;
        try (ObjectInserter inserter = repository.newObjectInserter()) {
          DirCache index = DirCache.newInCore();
          DirCacheBuilder builder = index.builder();
          for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
            if (entry.isDirectory() || entry.isGlobalPaxHeader()) {
              continue;
            }
            String path = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
            DirCacheEntry file = new DirCacheEntry(path);
            if (entry.isSymbolicLink()) {
              file.setFileMode(FileMode.SYMLINK);
              file.setObjectId(inserter.insert(Constants.OBJ_BLOB, Constants.encode(entry.getLinkName())));
            } else {
              file.setFileMode((entry.getMode() & 0100) != 0 ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE);
              file.setObjectId(inserter.insert(Constants.OBJ_BLOB, tar.readAllBytes()));
            }
            builder.add(file);
            files++;
          }
          builder.finish();
          ObjectId tree = index.writeTree(inserter);
          // A fixed author and time: the same snapshot always makes the same commit SHA.
          PersonIdent author = new PersonIdent("Orkestra eval", "eval@orkestra.dev",
              Instant.parse("2026-01-01T00:00:00Z"), TimeZone.getTimeZone("UTC").toZoneId());
          CommitBuilder commit = new CommitBuilder();
          commit.setTreeId(tree);
          commit.setAuthor(author);
          commit.setCommitter(author);
          commit.setMessage(name + " snapshot (see SOURCE.md)\n");
          ObjectId id = inserter.insert(commit);
          inserter.flush();
          RefUpdate update = repository.updateRef("refs/heads/main");
          update.setNewObjectId(id);
          update.setForceUpdate(true);
          RefUpdate.Result result = update.update();
          if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED
              && result != RefUpdate.Result.NO_CHANGE) {
            throw new IllegalStateException("cannot set main of " + dir + ": " + result);
          }
          if (files == 0) {
            throw new IllegalStateException(resource + " holds no files");
          }
          return id.name();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException("cannot init " + dir, e);
    }
  }
}
