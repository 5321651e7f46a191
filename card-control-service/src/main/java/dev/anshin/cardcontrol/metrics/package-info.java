/**
 * The service's own meters, {@code anshin_*} in Prometheus' text at {@code /q/metrics}, beside the framework's (JVM,
 * process, gRPC client). Each class owns the meters of one part of the domain and registers every series when the
 * service starts ({@code @Startup}), so a scrape sees each one at zero before its first event, and so that recording
 * is an increment of a counter already at hand, never a look-up by tags. They are {@code @Singleton}s: injected as
 * they are, with no client proxy in front of the authorization path's one call per decision.
 */
package dev.anshin.cardcontrol.metrics;
