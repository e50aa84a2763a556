package io.eventsearch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time (user and system) a process has used, from {@code /proc/<pid>/stat} (Linux). */
final class CpuTime {

    /** Clock ticks per second of {@code utime} and {@code stime}: 100 on every Linux this runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private CpuTime() {
    }

    static long micros(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 1_000_000 / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
        }
    }
}
