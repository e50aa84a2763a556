package io.eventsearch.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import io.eventsearch.testing.ServiceProcess;
import io.eventsearch.testing.TestGeoIp;

/**
 * The service as the benchmarks run it: a process of its own started as {@code scripts/run} starts it (the JVM
 * options {@code scripts/bench} passes on: the same heap, pre-touched), with the GeoLite2 City database of the
 * OpenSearch distribution; {@code bench.profile} records it with JFR, {@code bench.jvm} adds options (a profiler).
 */
final class BenchService {

    private BenchService() {
    }

    static ServiceProcess process(URI openSearch, Path jwk) throws IOException {
        ServiceProcess service = withServiceOptions(new ServiceProcess(openSearch, jwk)
                .environment("GEOIP_DATABASE", TestGeoIp.database().toString()));
        String bench = System.getProperty("bench.jvm", "");
        if (!bench.isBlank()) {
            service.jvmOptions(bench.trim().split("\\s+"));
        }
        String profile = System.getProperty("bench.profile", "");
        if (!profile.isEmpty()) {
            Files.createDirectories(Path.of(profile).toAbsolutePath().getParent()); // the JVM does not create it
            service.jvmOptions("-XX:StartFlightRecording=filename=" + profile + ",settings=profile");
        }
        return service;
    }

    /** {@link IngestFloor} in a process of its own, with the service's JVM options (no profiler, no recording). */
    static ServiceProcess floor(URI openSearch, Path jwk) {
        return withServiceOptions(new ServiceProcess(openSearch, jwk).mainClass(IngestFloor.class.getName()));
    }

    private static ServiceProcess withServiceOptions(ServiceProcess process) {
        String options = System.getProperty("bench.service.jvm", "");
        return options.isBlank() ? process : process.jvmOptions(options.trim().split("\\s+"));
    }
}
