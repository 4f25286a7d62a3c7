/**
 * Persistence models (design.md section 3, docs/models.md): {@link
 * dev.blackout.core.model.PersistenceModel} cuts a trace into persistence units with a partial
 * order and the barriers' effect ({@link dev.blackout.core.model.UnitGraph}); a {@link
 * dev.blackout.core.model.CrashState} names one crash state, {@link
 * dev.blackout.core.model.StateIds} prints and parses its id, {@link
 * dev.blackout.core.model.StateImages} builds its image. The rules of each model are
 * package-private.
 */
package dev.blackout.core.model;
