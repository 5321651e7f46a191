package dev.anshin.notification;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SMTP server (GreenMail) on a free port of 127.0.0.1, started once for the tests' Quarkus application and
 * shared by every test class (the resource applies to all of them, so the application starts once). It requires the
 * SMTP login the test profile configures. A test makes sends fail by stopping the server ({@link #breakLogin()}):
 * refusing the login instead left the mail client a connection that later stalled a send for GreenMail's 30 s read
 * timeout.
 */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {

    static final String USER = "anshin";
    static final String PASSWORD = "anshin-smtp-test";

    private static volatile GreenMail greenMail;

    @Override
    public Map<String, String> start() {
        int port = freePort();
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, PASSWORD));
        server.start();
        awaitGreeting(port);
        greenMail = server;
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", Integer.toString(port));
    }

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    /** The running server. */
    public static GreenMail server() {
        return greenMail;
    }

    /** Every send fails from now on (nothing listens on the SMTP port), until {@link #repairLogin()}. */
    public static synchronized void breakLogin() {
        if (greenMail.isRunning()) {
            greenMail.stop();
        }
    }

    /**
     * The SMTP server takes mail again, on the same port: returns once it greets a connection. (A send right after a
     * restart once waited out the 20 s send timeout; the greeting is what a send first waits for. The first send after
     * a fresh start did too, once, so {@link #start()} waits for the greeting as well.)
     */
    public static synchronized void repairLogin() {
        if (!greenMail.isRunning()) {
            greenMail.start();
            awaitGreeting(greenMail.getSmtp().getPort());
        }
    }

    private static void awaitGreeting(int port) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(2_000);
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                String greeting = in.readLine();
                if (greeting != null && greeting.startsWith("220")) {
                    socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    in.readLine();
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("GreenMail did not greet on port " + port + " within 10 s of its start");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for GreenMail", e);
        }
    }
}
