package dev.blackout.junit.example;

import dev.blackout.junit.SeededCrashTests;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** {@link RandomPutsIT} against the broken store; run by {@link SeededFailureIT} only. */
class RandomPutsWithoutFsyncExample {

  @TestFactory
  Stream<DynamicTest> randomPutsSurviveAnyCrash() {
    return SeededCrashTests.seeds(3, seed -> RandomPutsIT.scenario(seed, ValueStore::renameWithoutFsync));
  }
}
