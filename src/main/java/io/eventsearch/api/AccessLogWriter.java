package io.eventsearch.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.helidon.common.Weighted;
import io.helidon.spi.HelidonShutdownHandler;

/**
 * Hands access-log lines to their logger on a thread of its own. Written on the request's thread, a line is a
 * write to a file or a pipe from a virtual thread: a system call in the answer's path, and the JDK adds a carrier
 * thread for as long as it blocks. That was 7% of a listing's request CPU. Lines wait in a bounded queue; when it is
 * full, the request writes its own line, so none is dropped. {@link #drain()} writes what waits (at shutdown).
 */
final class AccessLogWriter {

    private static final int WAITING = 8192;

    private final Logger logger;
    private final BlockingQueue<LogRecord> waiting = new ArrayBlockingQueue<>(WAITING);

    private AccessLogWriter(Logger logger) {
        this.logger = logger;
    }

    /**
     * A writer for {@code logger} whose thread runs as long as the JVM does; at shutdown (SIGTERM), after the web
     * server has answered what was in flight, it writes what still waits.
     */
    static AccessLogWriter start(Logger logger) {
        AccessLogWriter writer = new AccessLogWriter(logger);
        Thread thread = new Thread(writer::run, "access-log");
        thread.setDaemon(true);
        thread.start();
        io.helidon.Main.addShutdownHandler(new DrainAtShutdown(writer));
        return writer;
    }

    /** Helidon runs shutdown handlers by weight, the heaviest first; the web server's weighs the default, 100. */
    private record DrainAtShutdown(AccessLogWriter writer) implements HelidonShutdownHandler, Weighted {
        @Override
        public void shutdown() {
            writer.drain();
        }

        @Override
        public double weight() {
            return 1;
        }
    }

    /** Logs {@code line} soon, in the order lines came. */
    void write(LogRecord line) {
        if (!waiting.offer(line)) {
            logger.log(line); // the writer is behind: this request waits for its own line rather than lose it
        }
    }

    /** Writes every line that waits, on the calling thread. */
    void drain() {
        List<LogRecord> lines = new ArrayList<>();
        waiting.drainTo(lines);
        lines.forEach(logger::log);
    }

    private void run() {
        List<LogRecord> lines = new ArrayList<>();
        while (true) {
            try {
                lines.add(waiting.take());
            } catch (InterruptedException e) {
                return;
            }
            waiting.drainTo(lines);
            for (LogRecord line : lines) {
                try {
                    logger.log(line);
                } catch (RuntimeException e) {
                    System.err.println("access log line not written: " + e); // the lines after it still are
                }
            }
            lines.clear();
        }
    }
}
