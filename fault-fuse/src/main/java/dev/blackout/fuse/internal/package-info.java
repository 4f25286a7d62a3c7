/**
 * Internal, unsupported: the JNA mapping of libfuse 3.14 and libc (direct-mapped functions, raw
 * struct offsets, the native {@code fuse_operations} table). Public only so that {@code
 * dev.blackout.fuse} can use it; not an API, and it may change at any time.
 */
package dev.blackout.fuse.internal;
