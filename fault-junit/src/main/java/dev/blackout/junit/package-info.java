/**
 * Crash tests in JUnit 5: annotate a method with {@link dev.blackout.junit.CrashTest}, take a
 * {@link dev.blackout.junit.CrashRunner} and {@code verify} a {@link
 * dev.blackout.core.crashtest.CrashScenario}; for many random workloads, return {@link
 * dev.blackout.junit.SeededCrashTests#seeds} from a {@code @TestFactory}. Depend on {@code
 * dev.blackout:fault-junit} (test scope); it brings fault-core and the FUSE recorder. See
 * docs/java-api.md.
 */
package dev.blackout.junit;
