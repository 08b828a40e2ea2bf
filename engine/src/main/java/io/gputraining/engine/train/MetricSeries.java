package io.gputraining.engine.train;

import io.gputraining.engine.registry.ModelPublication.MetricPoint;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One metric's values by step, as the training's {@code metrics.json} history reported them, for charts. A
 * history of a million steps is reduced with {@link #downsampled(int)}, which keeps each stretch's lowest and
 * highest value so that a spike stays visible; {@link #toCompactText()} is the small form a Jenkins build
 * stores (a few KiB per metric in build.xml, whatever the training's length).
 *
 * @param key    the metric's name
 * @param points in step order; values may be NaN or infinite (a diverged loss), which charts leave out
 */
public record MetricSeries(String key, List<Point> points) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One value at one step. */
    public record Point(long step, double value) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    public MetricSeries {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a metric series needs a name");
        }
        points = List.copyOf(points);
    }

    /** The history's series by metric name (sorted), each in step order (a step's later reports after earlier). */
    public static Map<String, MetricSeries> of(List<MetricPoint> history) {
        Map<String, List<Point>> byKey = new TreeMap<>();
        for (MetricPoint p : history) {
            byKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(new Point(p.step(), p.value()));
        }
        Map<String, MetricSeries> series = new LinkedHashMap<>();
        byKey.forEach((key, points) -> {
            points.sort(Comparator.comparingLong(Point::step)); // stable: equal steps keep their order
            series.put(key, new MetricSeries(key, points));
        });
        return series;
    }

    /**
     * At most {@code maxPoints} points (at least 2): the first and last, and of each of the equal stretches in
     * between its lowest and highest value in step order. Non-finite values are kept (a stretch's NaN is shown
     * as a gap, not hidden) by counting as both lowest and highest of their stretch.
     */
    public MetricSeries downsampled(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("keep at least 2 points, not " + maxPoints);
        }
        if (points.size() <= maxPoints) {
            return this;
        }
        List<Point> kept = new ArrayList<>(maxPoints);
        kept.add(points.get(0));
        List<Point> inner = points.subList(1, points.size() - 1);
        int buckets = (maxPoints - 2) / 2;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * inner.size() / buckets);
            int to = (int) ((long) (b + 1) * inner.size() / buckets);
            if (from < to) {
                keepExtremes(inner.subList(from, to), kept);
            }
        }
        kept.add(points.get(points.size() - 1));
        return new MetricSeries(key, kept);
    }

    private static void keepExtremes(List<Point> stretch, List<Point> kept) {
        int low = 0;
        int high = 0;
        for (int i = 0; i < stretch.size(); i++) {
            double v = stretch.get(i).value();
            if (!Double.isFinite(v)) {
                kept.add(stretch.get(i));
                return;
            }
            if (v < stretch.get(low).value()) {
                low = i;
            }
            if (v > stretch.get(high).value()) {
                high = i;
            }
        }
        kept.add(stretch.get(Math.min(low, high)));
        if (low != high) {
            kept.add(stretch.get(Math.max(low, high)));
        }
    }

    /** Whether any value can be drawn. */
    public boolean hasFiniteValue() {
        return points.stream().anyMatch(p -> Double.isFinite(p.value()));
    }

    /**
     * {@code step:value} pairs separated by spaces, values with 6 significant digits ({@code NaN},
     * {@code Infinity}, {@code -Infinity} as Java writes them): enough for a chart, a fraction of the size of
     * the full precision.
     */
    public String toCompactText() {
        StringBuilder s = new StringBuilder(points.size() * 12);
        for (Point p : points) {
            if (!s.isEmpty()) {
                s.append(' ');
            }
            s.append(p.step()).append(':').append(compact(p.value()));
        }
        return s.toString();
    }

    /**
     * Reads {@link #toCompactText()} back.
     *
     * @throws IllegalArgumentException when {@code text} is not in that form
     */
    public static MetricSeries fromCompactText(String key, String text) {
        List<Point> points = new ArrayList<>();
        if (!text.isBlank()) {
            for (String pair : text.strip().split(" +")) {
                int colon = pair.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("'" + pair + "' in the history of " + key + " is not step:value");
                }
                try {
                    points.add(new Point(Long.parseLong(pair.substring(0, colon)), Double.parseDouble(pair.substring(colon + 1))));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + pair + "' in the history of " + key + " is not step:value", e);
                }
            }
        }
        return new MetricSeries(key, points);
    }

    private static String compact(double v) {
        if (!Double.isFinite(v) || v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Double.isFinite(v) ? Long.toString((long) v) : Double.toString(v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains("e")) {
            return s.replaceFirst("\\.?0+e", "e");
        }
        return s.contains(".") ? s.replaceFirst("\\.?0+$", "") : s;
    }
}
