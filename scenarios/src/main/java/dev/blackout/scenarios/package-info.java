/** The scenario catalog: workloads, checkers and expected verdicts. */
package dev.blackout.scenarios;
