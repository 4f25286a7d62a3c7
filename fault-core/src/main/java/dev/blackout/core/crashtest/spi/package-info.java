/**
 * The service interface between the crash-test API and a recorder (fault-fuse implements it).
 * Application code does not use this package.
 */
package dev.blackout.core.crashtest.spi;
