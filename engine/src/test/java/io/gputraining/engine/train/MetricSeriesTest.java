package io.gputraining.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.registry.ModelPublication.MetricPoint;
import io.gputraining.engine.train.MetricSeries.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricSeriesTest {

    private static MetricPoint at(String key, long step, double value) {
        return new MetricPoint(key, value, step, 1_763_830_000_000L + step);
    }

    @Test
    void groupsTheHistoryByMetricInStepOrderKeepingTheOrderOfEqualSteps() {
        Map<String, MetricSeries> series = MetricSeries.of(List.of(
                at("loss", 2, 0.2), at("acc", 0, 0.5), at("loss", 0, 0.9), at("loss", 1, 0.5), at("loss", 1, 0.4)));

        assertThat(series.keySet()).containsExactly("acc", "loss");
        assertThat(series.get("loss").points()).containsExactly(
                new Point(0, 0.9), new Point(1, 0.5), new Point(1, 0.4), new Point(2, 0.2));
    }

    @Test
    void downsamplingKeepsTheEndsAndASpikeWithinTheLimit() {
        List<Point> points = new ArrayList<>();
        for (int step = 0; step < 10_000; step++) {
            points.add(new Point(step, step == 6_543 ? 100.0 : 1.0 / (1 + step)));
        }

        MetricSeries reduced = new MetricSeries("loss", points).downsampled(120);

        assertThat(reduced.points()).hasSizeLessThanOrEqualTo(120).hasSizeGreaterThan(100)
                .contains(points.get(0), points.get(9_999), points.get(6_543));
        assertThat(reduced.points()).extracting(Point::step).isSorted();
    }

    @Test
    void downsamplingKeepsANaNSoTheChartShowsTheGap() {
        List<Point> points = new ArrayList<>();
        for (int step = 0; step < 1_000; step++) {
            points.add(new Point(step, step == 500 ? Double.NaN : step));
        }

        assertThat(new MetricSeries("loss", points).downsampled(50).points()).contains(new Point(500, Double.NaN));
    }

    @Test
    void aShortSeriesIsKeptWhole() {
        MetricSeries s = new MetricSeries("loss", List.of(new Point(0, 1), new Point(1, 2)));

        assertThat(s.downsampled(2)).isSameAs(s);
        assertThatThrownBy(() -> s.downsampled(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compactTextKeepsSixDigitsAndNonFiniteValuesAndReadsBack() {
        MetricSeries s = new MetricSeries("loss", List.of(new Point(0, 0.015712345678), new Point(1, 3.0),
                new Point(2, 1.5e-9), new Point(3, Double.NaN), new Point(4, Double.NEGATIVE_INFINITY), new Point(5, -2.5e20)));

        String text = s.toCompactText();

        assertThat(text).isEqualTo("0:0.0157123 1:3 2:1.5e-09 3:NaN 4:-Infinity 5:-2.5e+20");
        assertThat(MetricSeries.fromCompactText("loss", text).points()).containsExactly(new Point(0, 0.0157123),
                new Point(1, 3.0), new Point(2, 1.5e-9), new Point(3, Double.NaN), new Point(4, Double.NEGATIVE_INFINITY),
                new Point(5, -2.5e20));
    }

    @Test
    void aLongTrainingStoresInAFewKibPerMetric() {
        List<MetricPoint> history = new ArrayList<>();
        for (int step = 0; step < 100_000; step++) {
            history.add(at("loss", step, Math.exp(-step / 20_000.0) + Math.sin(step) * 0.01));
        }

        String stored = MetricSeries.of(history).get("loss").downsampled(120).toCompactText();

        assertThat(stored.length()).isLessThan(2_500);
    }

    @Test
    void malformedCompactTextIsRefusedNamingTheMetric() {
        assertThatThrownBy(() -> MetricSeries.fromCompactText("loss", "0:1 x:2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x:2' in the history of loss");
        assertThat(MetricSeries.fromCompactText("loss", "").points()).isEmpty();
    }
}
