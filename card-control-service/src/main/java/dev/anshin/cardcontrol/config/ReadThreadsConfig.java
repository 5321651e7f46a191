package dev.anshin.cardcontrol.config;

import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;

/** The threads members' card lists are read on ({@code grpc/ReadThreads}). */
@ConfigMapping(prefix = "anshin.reads")
public interface ReadThreadsConfig {

    /** How many card lists are read at once; unset: two per processor the JVM sees. */
    OptionalInt threads();
}
