/**
 * The FUSE recorder: a recording passthrough file system over our own JNA bindings to libfuse 3.
 *
 * <p>Users need {@link dev.blackout.fuse.FuseRecorder} (record a workload into a trace) and {@link
 * dev.blackout.fuse.MarkClient} (add a marker from another process). To serve a file system of your
 * own: implement {@link dev.blackout.fuse.FuseOperations} (or decorate one with {@link
 * dev.blackout.fuse.ForwardingFileSystem}) and {@link dev.blackout.fuse.Fuse#mount} it. Lifecycle
 * failures are {@link dev.blackout.fuse.FuseException}s with one-line messages. How it works and
 * what the kernel sends: docs/recorder.md.
 */
package dev.blackout.fuse;
