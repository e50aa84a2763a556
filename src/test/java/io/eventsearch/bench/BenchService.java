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
        ServiceProcess service = new ServiceProcess(openSearch, jwk)
                .environment("GEOIP_DATABASE", TestGeoIp.database().toString());
        for (String options : new String[] {System.getProperty("bench.service.jvm", ""),
                System.getProperty("bench.jvm", "")}) {
            if (!options.isBlank()) {
                service.jvmOptions(options.trim().split("\\s+"));
            }
        }
        String profile = System.getProperty("bench.profile", "");
        if (!profile.isEmpty()) {
            Files.createDirectories(Path.of(profile).toAbsolutePath().getParent()); // the JVM does not create it
            service.jvmOptions("-XX:StartFlightRecording=filename=" + profile + ",settings=profile");
        }
        return service;
    }
}
