package dev.blackout.cli;

import dev.blackout.core.model.ModelCatalog;
import dev.blackout.core.model.ModelCatalog.ModelInfo;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code blackout models}: lists the persistence models, what each stands for, and its status. */
@Command(
    name = "models",
    description = {
      "List the persistence models 'explore --model' accepts, what each stands for, and whether"
          + " this build implements it (details: docs/models.md)."
    })
final class ModelsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int width = ModelCatalog.all().stream().mapToInt(m -> m.name().length()).max().orElse(0);
    for (ModelInfo m : ModelCatalog.all()) {
      out.println(
          String.format(
              Locale.ROOT,
              "%-" + width + "s  %-19s  %s",
              m.name(),
              m.implemented() ? "implemented" : "not implemented yet",
              m.standsFor()));
    }
    out.flush();
    return 0;
  }
}
