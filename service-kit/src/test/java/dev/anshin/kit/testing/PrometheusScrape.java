package dev.anshin.kit.testing;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One read of {@code /q/metrics} as Prometheus scrapes it (text exposition format, no token), and the value of a
 * series in it, found by name and labels in any order.
 */
public final class PrometheusScrape {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public final String text;

    private PrometheusScrape(String text) {
        this.text = text;
    }

    public static PrometheusScrape now() {
        return new PrometheusScrape(given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200).extract().asString());
    }

    /** The series' value; 0 when the scrape does not hold it. {@code labels}: name, value, name, value... */
    public double value(String name, String... labels) {
        Double value = find(name, labels);
        return value == null ? 0 : value;
    }

    /** Whether the scrape holds the series (at any value). */
    public boolean has(String name, String... labels) {
        return find(name, labels) != null;
    }

    private Double find(String name, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches() || !sample.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new TreeMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    found.put(label.group(1), label.group(2));
                }
            }
            if (found.entrySet().containsAll(wanted.entrySet())) {
                return Double.parseDouble(sample.group(3));
            }
        }
        return null;
    }
}
