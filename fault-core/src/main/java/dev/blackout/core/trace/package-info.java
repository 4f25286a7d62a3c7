/**
 * The trace: the closed vocabulary of recorded operations ({@link dev.blackout.core.trace.TraceOp}),
 * the initial image of the backing directory, and the durable trace file.
 */
package dev.blackout.core.trace;
