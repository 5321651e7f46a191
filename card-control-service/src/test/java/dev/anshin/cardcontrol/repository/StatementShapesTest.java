package dev.anshin.cardcontrol.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The few statement shapes the driver keeps prepared: lists padded to powers of two, each text built once. */
class StatementShapesTest {

    @Test
    void aListIsPaddedToThePowerOfTwoAtOrAboveItsSize() {
        assertThat(List.of(0, 1, 2, 3, 4, 5, 8, 9, 64, 65, 256).stream().map(StatementShapes::paddedSize))
                .containsExactly(1, 1, 2, 4, 4, 8, 8, 16, 64, 128, 256);
    }

    @Test
    void thePaddingRepeatsTheLastValueAndBindingGoesOnAfterIt() throws Exception {
        List<String> bound = new ArrayList<>();

        int next = StatementShapes.bindIn(null, 2, List.of("a", "b", "c", "d", "e"),
                (statement, index, value) -> bound.add(index + "=" + value));

        assertThat(bound).containsExactly("2=a", "3=b", "4=c", "5=d", "6=e", "7=e", "8=e", "9=e");
        assertThat(next).isEqualTo(10);
    }

    @Test
    void aShapesTextIsBuiltOnceAndTheSameTextServesEveryStatementOfThatShape() {
        String template = "SELECT id FROM shape_test WHERE id IN (%s)";
        AtomicInteger built = new AtomicInteger();

        String first = StatementShapes.text(template, 4, 0, () -> {
            built.incrementAndGet();
            return template.formatted(StatementShapes.placeholders(4));
        });
        String again = StatementShapes.text(template, 4, 0, () -> {
            built.incrementAndGet();
            return "built anew";
        });

        assertThat(first).isEqualTo("SELECT id FROM shape_test WHERE id IN (?, ?, ?, ?)").isSameAs(again);
        assertThat(built).hasValue(1);
    }
}
