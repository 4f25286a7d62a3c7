/** The FUSE recorder: a recording passthrough file system over JNA bindings to libfuse 3. */
package dev.blackout.fuse;
