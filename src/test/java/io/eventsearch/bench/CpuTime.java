package io.eventsearch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** CPU time (user and system) a process, or some of its threads, has used, from {@code /proc} (Linux). */
final class CpuTime {

    /** Clock ticks per second of {@code utime} and {@code stime}: 100 on every Linux this runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private CpuTime() {
    }

    static long micros(long pid) {
        try {
            return ticks(Path.of("/proc/" + pid + "/stat")) * 1_000_000 / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
        }
    }

    /** CPU time of the process's JIT compiler threads ({@code C1/C2 CompilerThread}). */
    static long compilerMicros(long pid) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        ticks += ticks(task.resolve("stat"));
                    }
                } catch (IOException gone) {
                    // a thread that ended between listing and reading: its time is no longer the process's to count
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the threads of process " + pid, e);
        }
        return ticks * 1_000_000 / TICKS_PER_SECOND;
    }

    /**
     * CPU time of the process's threads by kind (the thread name without its number: {@code GC Thread#},
     * {@code ForkJoinPool-1-worker-}, which carries the virtual threads that serve requests), in microseconds.
     */
    static Map<String, Long> byThreadKind(long pid) {
        Map<String, Long> micros = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String kind = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+$", "");
                    micros.merge(kind, ticks(task.resolve("stat")) * 1_000_000 / TICKS_PER_SECOND, Long::sum);
                } catch (IOException gone) {
                    // a thread that ended between listing and reading
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the threads of process " + pid, e);
        }
        return micros;
    }

    private static long ticks(Path statFile) throws IOException {
        String stat = Files.readString(statFile);
        // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    }
}
