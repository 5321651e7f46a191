package dev.anshin.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The MariaDB test databases ./anshin test prepares (host, port and user come from the build, see pom.xml). */
final class Database {

    private Database() {
    }

    static String url(String database) {
        return "jdbc:mysql://" + System.getProperty("anshin.test.db.host", "127.0.0.1") + ":"
                + System.getProperty("anshin.test.db.port", "3306") + "/" + database;
    }

    static String user() {
        return System.getProperty("anshin.test.db.user", "anshin_test");
    }

    static String password() {
        return System.getProperty("anshin.test.db.password", "anshin_test");
    }

    /** The card's state as stored by card-control-service. */
    static String cardState(String cardId) {
        try (Connection connection = DriverManager.getConnection(url("anshin_card_control_test"), user(), password());
                PreparedStatement query = connection.prepareStatement("SELECT state FROM card WHERE id = ?")) {
            query.setString(1, cardId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new AssertionError("no card " + cardId + " in MariaDB");
                }
                return rows.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
