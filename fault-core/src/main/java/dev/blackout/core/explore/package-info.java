/**
 * Crash-state exploration (design.md section 4, docs/exploration.md): {@link
 * dev.blackout.core.explore.Explorer} prunes crash points, runs the {@link
 * dev.blackout.core.explore.Strategy strategies}, deduplicates states by content, checks them
 * through the checker API of {@code dev.blackout.core.check}, and minimizes, classifies and
 * explains every failure ({@link dev.blackout.core.explore.Exploration}). Generation,
 * minimization and explanation are package-private.
 */
package dev.blackout.core.explore;
