package org.tipgraph.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs Neo4j Community embedded, reachable only over Bolt on 127.0.0.1, for tests and local development.
 *
 * <p>Usage: {@code EmbeddedNeo4j --port 7687 --data-dir DIR [--pagecache 512m] [--exit-on-stdin-eof]}.
 * The password of user {@code neo4j} comes from the environment variable NEO4J_PASSWORD (never from the
 * command line, which other local users can read). Prints {@code TIPGRAPH-NEO4J READY bolt://127.0.0.1:PORT}
 * on stdout once the password is in force, and shuts the database down cleanly on SIGTERM or SIGINT.
 */
public final class EmbeddedNeo4j {
    static final String READY_PREFIX = "TIPGRAPH-NEO4J READY ";
    static final String USER = "neo4j";

    private EmbeddedNeo4j() {}

    record Options(int port, Path dataDir, String pagecache, boolean exitOnStdinEof) {
        static Options parse(String[] args) {
            Integer port = null;
            Path dataDir = null;
            String pagecache = "512m";
            boolean exitOnStdinEof = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(valueAfter(args, i++));
                    case "--data-dir" -> dataDir = Path.of(valueAfter(args, i++)).toAbsolutePath();
                    case "--pagecache" -> pagecache = valueAfter(args, i++);
                    case "--exit-on-stdin-eof" -> exitOnStdinEof = true;
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            if (port == null || dataDir == null) {
                throw new IllegalArgumentException("--port and --data-dir are required");
            }
            return new Options(port, dataDir, pagecache, exitOnStdinEof);
        }

        private static String valueAfter(String[] args, int i) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            return args[i + 1];
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("TIPGRAPH-NEO4J ERROR " + e.getMessage());
            System.exit(2);
            return;
        }
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println("TIPGRAPH-NEO4J ERROR NEO4J_PASSWORD is not set");
            System.exit(2);
            return;
        }

        DatabaseManagementService dbms = build(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("TIPGRAPH-NEO4J STOPPING");
            dbms.shutdown();
            System.out.println("TIPGRAPH-NEO4J STOPPED");
            System.out.flush();
            stopped.countDown();
        }, "tipgraph-neo4j-shutdown"));

        try {
            setPassword(dbms, password);
        } catch (RuntimeException e) {
            System.err.println("TIPGRAPH-NEO4J ERROR could not set the password of user neo4j: " + e.getMessage());
            System.exit(3);
            return;
        }
        if (options.exitOnStdinEof()) {
            watchStdin();
        }
        System.out.println(READY_PREFIX + "bolt://127.0.0.1:" + options.port());
        System.out.flush();
        stopped.await();
    }

    private static DatabaseManagementService build(Options options) {
        return new DatabaseManagementServiceBuilder(options.dataDir())
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", options.port()))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", options.port()))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(options.pagecache()))
                // Development store: keep little history, and do not reserve disk for logs up front
                // (each test run makes a fresh store in a temporary folder).
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(16))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // The machines have no network beyond package registries: never try to phone home.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Bolt's Netty loops otherwise idle 5 s each after the databases have already stopped
                // and checkpointed, which made every stop take over 10 s.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();
    }

    /**
     * Sets the password through the system database, which works on a fresh store (default password,
     * change required) and on an existing one alike. Neo4j refuses to "change" a password to its current
     * value; that refusal means the password is already the one we want.
     */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER " + USER + " SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            if (!isSamePasswordRefusal(e)) {
                throw e;
            }
        }
    }

    private static boolean isSamePasswordRefusal(QueryExecutionException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Old password and new password cannot be the same");
    }

    /** Lets the parent process's death stop the database: its end of our stdin closes when it exits. */
    private static void watchStdin() {
        Thread watcher = new Thread(() -> {
            try {
                InputStream in = System.in;
                while (in.read() != -1) {
                    // Nothing is ever sent; keep draining until the parent goes away.
                }
            } catch (IOException ignored) {
                // A broken pipe means the parent is gone, exactly like end of file.
            }
            System.exit(0);
        }, "tipgraph-neo4j-stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
