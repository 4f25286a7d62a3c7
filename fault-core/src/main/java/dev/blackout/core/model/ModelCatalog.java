package dev.blackout.core.model;

import java.util.List;
import java.util.Optional;

/** The persistence models Blackout knows (design.md section 3), for listing and lookup by name. */
public final class ModelCatalog {

  /**
   * One model: its command-line name, what it stands for, and whether this build implements it.
   */
  public record ModelInfo(String name, String standsFor, boolean implemented) {}

  private static final List<ModelInfo> MODELS =
      List.of(
          new ModelInfo(
              "prefix",
              "a process crash (kill -9) with the OS surviving, or a fully synchronous file system",
              true),
          new ModelInfo(
              "drop-unsynced",
              "LazyFS's clear-cache: a power cut losing every write not covered by fsync",
              true),
          new ModelInfo(
              "ext4-ordered",
              "Linux ext4, data=ordered, delayed allocation, auto_da_alloc on",
              true),
          new ModelInfo(
              "posix", "the weakest behaviour POSIX allows (ALICE's abstract persistence model)", true));

  private ModelCatalog() {}

  public static List<ModelInfo> all() {
    return MODELS;
  }

  public static Optional<ModelInfo> byName(String name) {
    return MODELS.stream().filter(m -> m.name().equals(name)).findFirst();
  }
}
