/**
 * Crash tests from Java: record a workload, explore the states a crash could leave, check each.
 *
 * <p>What users need: {@link dev.blackout.core.crashtest.CrashScenario} (setup, {@link
 * dev.blackout.core.crashtest.Workload}, {@link dev.blackout.core.crashtest.StateCheck}, models,
 * strategy, budget, seed; {@code run()}), {@link dev.blackout.core.crashtest.Markers} (the
 * workload's acknowledgements), and {@link dev.blackout.core.crashtest.CrashReport} (the failures,
 * minimized and explained, and {@code failureMessage()}). {@link
 * dev.blackout.core.crashtest.RecorderUnavailableException} says that this machine cannot record
 * (no FUSE). Recording needs {@code dev.blackout:fault-fuse} on the class path (found through
 * {@link dev.blackout.core.crashtest.spi.RecorderProvider}); JUnit 5 users depend on {@code
 * dev.blackout:fault-junit}, which brings it. See docs/java-api.md.
 */
package dev.blackout.core.crashtest;
