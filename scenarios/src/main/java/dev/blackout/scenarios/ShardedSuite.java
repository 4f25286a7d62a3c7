package dev.blackout.scenarios;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackout.core.check.Shard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A suite split into shards ({@code blackout scenarios --shard I/N}) and merged back ({@code
 * blackout merge-reports}). The unit of work is a cell, keyed {@code scenario/model}; a cell
 * belongs to the shard its key hashes to ({@link Shard}), so the split does not depend on list
 * positions. A shard records each scenario it owns at least one cell of and explores only its own
 * cells. Its {@code scenarios.json} carries an extra {@code shard} object: the shard, and every
 * cell of the whole suite, which is what lets a merge name the cells a missing shard had.
 */
public final class ShardedSuite {
  /** The JSON field a shard's report adds to {@code scenarios.json}. */
  public static final String FIELD = "shard";

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private ShardedSuite() {}

  /** The stable key of a cell: {@code scenario/model}. */
  public static String key(String scenario, String model) {
    return scenario + "/" + model;
  }

  /** The keys of every cell of the whole suite, scenario-major, models in table order. */
  public static List<String> cells(List<Scenario> scenarios, List<String> models) {
    List<String> out = new ArrayList<>();
    for (Scenario s : scenarios) {
      for (String m : models) {
        out.add(key(s.name(), m));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Runs the cells of {@code scenarios} × {@code options.models()} that {@code shard} owns: each
   * scenario with an owned cell is recorded once and explored under its owned models only.
   */
  public static SuiteResult run(List<Scenario> scenarios, SuiteOptions options, Shard shard,
      SuiteListener listener) throws IOException {
    List<SuiteResult.Recorded> recordings = new ArrayList<>();
    List<Cell> cells = new ArrayList<>();
    long millis = 0;
    for (Scenario s : scenarios) {
      List<String> owned = options.models().stream()
          .filter(m -> shard.owns(key(s.name(), m))).toList();
      if (owned.isEmpty()) {
        continue;
      }
      SuiteOptions mine = options.withModels(owned);
      SuiteResult one = new SuiteRunner(mine, listener).run(List.of(s));
      recordings.addAll(one.recordings());
      cells.addAll(one.cells());
      millis += one.millis();
    }
    return new SuiteResult(recordings, cells, options, millis);
  }

  /**
   * Writes a shard's report into {@code dir} ({@link SuiteReport#write}) and adds the {@code
   * shard} object to its JSON; returns the HTML file.
   */
  public static Path write(SuiteResult result, Shard shard, List<String> allCells, Path dir)
      throws IOException {
    Path html = SuiteReport.write(result, dir);
    Path json = dir.resolve(SuiteReport.JSON);
    ObjectNode root = (ObjectNode) MAPPER.readTree(json.toFile());
    ObjectNode info = root.putObject(FIELD);
    info.put("index", shard.index());
    info.put("count", shard.count());
    info.putPOJO("cells", allCells);
    Path tmp = json.resolveSibling(json.getFileName() + ".tmp");
    Files.writeString(tmp, MAPPER.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return html;
  }

  /**
   * One report read back: the result, and the shard it was with the whole suite's cells (for a
   * report of an unsharded run: shard 1/1 and its own cells).
   */
  public record Part(Path file, SuiteResult result, Shard shard, List<String> allCells) {
    public Part {
      allCells = List.copyOf(allCells);
    }
  }

  /**
   * Reads a {@code scenarios.json} (sharded or not).
   *
   * @throws IOException when it cannot be read or is not a suite report
   */
  public static Part read(Path file) throws IOException {
    JsonNode root = MAPPER.readTree(file.toFile());
    if (root == null || !root.isObject() || !root.has("cells") || !root.has("recordings")
        || !root.has("options")) {
      throw new IOException("not a scenarios report (no cells, recordings and options)");
    }
    SuiteResult result = MAPPER.treeToValue(root, SuiteResult.class);
    JsonNode info = root.get(FIELD);
    if (info == null) {
      return new Part(file, result, Shard.ALL,
          result.cells().stream().map(c -> key(c.scenario(), c.model())).toList());
    }
    Shard shard;
    try {
      shard = new Shard(info.path("index").asInt(0), info.path("count").asInt(0));
    } catch (IllegalArgumentException e) {
      throw new IOException("bad shard: " + e.getMessage());
    }
    List<String> all = new ArrayList<>();
    info.path("cells").forEach(n -> all.add(n.asText()));
    return new Part(file, result, shard, all);
  }

  /** Why shard reports cannot be merged. */
  public static final class MergeException extends Exception {
    public MergeException(String message) {
      super(message);
    }
  }

  /**
   * Merges shard reports into the result of the whole suite: recordings once per scenario, cells
   * in the suite's order, the longest shard's time.
   *
   * @throws MergeException when the parts disagree on the suite, a cell comes twice, or cells are
   *     missing (named)
   */
  public static SuiteResult merge(List<Part> parts) throws MergeException {
    if (parts.isEmpty()) {
      throw new MergeException("no reports to merge");
    }
    Part first = parts.get(0);
    Set<String> universe = new LinkedHashSet<>();
    for (Part p : parts) {
      universe.addAll(p.allCells());
      if (p.shard().count() != first.shard().count() && p.shard().count() > 1
          && first.shard().count() > 1) {
        throw new MergeException(p.file() + " is shard " + p.shard() + " but " + first.file()
            + " is shard " + first.shard() + ": not the same split");
      }
      if (p.result().options().seed() != first.result().options().seed()
          || p.result().options().budget() != first.result().options().budget()) {
        throw new MergeException(p.file() + " ran with seed " + p.result().options().seed()
            + ", budget " + p.result().options().budget() + " but " + first.file() + " with seed "
            + first.result().options().seed() + ", budget " + first.result().options().budget()
            + ": not the same suite");
      }
    }
    Map<String, Cell> cells = new LinkedHashMap<>();
    Map<String, Path> from = new LinkedHashMap<>();
    Map<String, SuiteResult.Recorded> recordings = new LinkedHashMap<>();
    long millis = 0;
    for (Part p : parts) {
      for (Cell c : p.result().cells()) {
        String k = key(c.scenario(), c.model());
        if (cells.containsKey(k)) {
          throw new MergeException("cell " + k + " is in both " + from.get(k) + " and "
              + p.file() + ": overlapping shards");
        }
        if (!universe.contains(k)) {
          throw new MergeException("cell " + k + " of " + p.file()
              + " is not in the suite the other reports describe");
        }
        cells.put(k, c);
        from.put(k, p.file());
      }
      for (SuiteResult.Recorded r : p.result().recordings()) {
        recordings.putIfAbsent(r.scenario(), r);
      }
      millis = Math.max(millis, p.result().millis());
    }
    List<String> missing = universe.stream().filter(k -> !cells.containsKey(k)).toList();
    if (!missing.isEmpty()) {
      throw new MergeException(missing.size() + " cell" + (missing.size() == 1 ? " is" : "s are")
          + " missing (a shard's report not given?): " + String.join(", ", missing));
    }
    List<Cell> ordered = universe.stream().map(cells::get).toList();
    List<String> scenarioOrder = new ArrayList<>();
    for (Cell c : ordered) {
      if (!scenarioOrder.contains(c.scenario())) {
        scenarioOrder.add(c.scenario());
      }
    }
    List<SuiteResult.Recorded> recs = scenarioOrder.stream()
        .map(recordings::get).filter(r -> r != null).toList();
    List<String> models = new ArrayList<>();
    for (Cell c : ordered) {
      if (!models.contains(c.model())) {
        models.add(c.model());
      }
    }
    SuiteOptions o = first.result().options();
    SuiteOptions merged = o.withModels(models);
    return new SuiteResult(recs, ordered, merged, millis);
  }
}
