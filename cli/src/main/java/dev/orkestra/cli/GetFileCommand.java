package dev.orkestra.cli;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryRole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Admin get_file: one file, verbatim, at the resolved commit. */
@Command(name = "get-file", mixinStandardHelpOptions = true, description = "Fetch a file, verified, at a commit.")
final class GetFileCommand extends QueryCommand {

  @Option(names = "--path", required = true, paramLabel = "P", description = "Path relative to the repository root.")
  String path;

  @Override
  QueryRequested.Builder request(RepoRef repository) {
    return QueryRequested.newBuilder().setRole(QueryRole.ADMIN).setAction(QueryAction.GET_FILE).setPath(path);
  }
}
