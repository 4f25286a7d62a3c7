/**
 * Checking crash states: the {@link dev.blackout.core.check.Checker} contract and its results, the
 * external-command checker, the built-in generic checkers, the parallel {@link
 * dev.blackout.core.check.CheckPool}, sharding, and the exploration report.
 *
 * <p>Nothing here knows about persistence models or traces: a check sees a directory and the
 * acknowledged markers, nothing else. The contract a checker must follow is written in {@code
 * docs/checkers.md}.
 */
package dev.blackout.core.check;
