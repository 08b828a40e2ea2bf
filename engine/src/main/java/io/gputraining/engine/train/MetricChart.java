package io.gputraining.engine.train;

import io.gputraining.engine.train.MetricSeries.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws one metric's history as a small self-contained SVG line chart: the name on top, the value range on the
 * left axis, the first and last step under the bottom one. Lines and text use {@code currentColor}, so the chart
 * follows the page's theme. Non-finite values (NaN, infinities) break the line and are counted in the title
 * rather than drawn; a lone point is a dot; a constant metric is a level line in the middle. Every text from
 * the series is XML-escaped, so the output can be written into a page as is. Give it a
 * {@linkplain MetricSeries#downsampled(int) downsampled} series: it draws every point it gets.
 */
public final class MetricChart {

    /** Room for the value labels on the left, the title on top and the step labels below. */
    private static final int LEFT = 58;
    private static final int RIGHT = 10;
    private static final int TOP = 22;
    private static final int BOTTOM = 24;

    private final int width;
    private final int height;

    /** A chart of the given size in pixels (at least 160 × 90, to leave room for the labels). */
    public MetricChart(int width, int height) {
        if (width < 160 || height < 90) {
            throw new IllegalArgumentException("a chart needs at least 160 x 90 pixels, not " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
    }

    /** The size the build page uses. */
    public static MetricChart small() {
        return new MetricChart(360, 150);
    }

    /** The {@code <svg>} element for {@code series}. */
    public String svg(MetricSeries series) {
        List<Point> finite = series.points().stream().filter(p -> Double.isFinite(p.value())).toList();
        int nonFinite = series.points().size() - finite.size();
        String name = escape(series.key());
        StringBuilder s = new StringBuilder(256 + series.points().size() * 14);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(name).append(" by step\" class=\"gpu-training-metric-chart\">")
                .append("<title>").append(name).append("</title>");
        String title = nonFinite == 0 ? name
                : name + " (" + nonFinite + (nonFinite == 1 ? " value" : " values") + " NaN or infinite, not drawn)";
        text(s, LEFT, 14, "start", title, "font-weight=\"bold\"");
        int plotRight = width - RIGHT;
        int plotBottom = height - BOTTOM;
        s.append("<path d=\"M").append(LEFT).append(' ').append(TOP).append(" V").append(plotBottom).append(" H").append(plotRight)
                .append("\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.5\"/>");
        if (finite.isEmpty()) {
            text(s, (LEFT + plotRight) / 2.0, (TOP + plotBottom) / 2.0, "middle",
                    series.points().isEmpty() ? "no values" : "no finite values", "");
            return s.append("</svg>").toString();
        }
        Range steps = new Range(finite.stream().mapToDouble(Point::step).min().orElseThrow(),
                finite.stream().mapToDouble(Point::step).max().orElseThrow());
        Range values = new Range(finite.stream().mapToDouble(Point::value).min().orElseThrow(),
                finite.stream().mapToDouble(Point::value).max().orElseThrow());
        text(s, LEFT - 4, TOP + 4, "end", number(values.max()), "");
        text(s, LEFT - 4, plotBottom, "end", number(values.min()), "");
        text(s, LEFT, height - 6, "start", "step " + (long) steps.min(), "");
        if (steps.max() > steps.min()) {
            text(s, plotRight, height - 6, "end", "step " + (long) steps.max(), "");
        }
        for (List<Point> run : finiteRuns(series.points())) {
            if (run.size() == 1) {
                s.append("<circle cx=\"").append(coordinate(x(run.get(0), steps, plotRight))).append("\" cy=\"")
                        .append(coordinate(y(run.get(0), values, plotBottom))).append("\" r=\"2.5\" fill=\"currentColor\"/>");
                continue;
            }
            s.append("<polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"");
            for (int i = 0; i < run.size(); i++) {
                s.append(i == 0 ? "" : " ").append(coordinate(x(run.get(i), steps, plotRight))).append(',')
                        .append(coordinate(y(run.get(i), values, plotBottom)));
            }
            s.append("\"/>");
        }
        return s.append("</svg>").toString();
    }

    /** The stretches of consecutive finite values: a NaN or infinity ends one. */
    private static List<List<Point>> finiteRuns(List<Point> points) {
        List<List<Point>> runs = new ArrayList<>();
        List<Point> current = new ArrayList<>();
        for (Point p : points) {
            if (Double.isFinite(p.value())) {
                current.add(p);
            } else if (!current.isEmpty()) {
                runs.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            runs.add(current);
        }
        return runs;
    }

    private double x(Point p, Range steps, int plotRight) {
        return steps.isPoint() ? (LEFT + plotRight) / 2.0 : LEFT + (p.step() - steps.min()) / steps.span() * (plotRight - LEFT);
    }

    private double y(Point p, Range values, int plotBottom) {
        return values.isPoint() ? (TOP + plotBottom) / 2.0 : plotBottom - (p.value() - values.min()) / values.span() * (plotBottom - TOP);
    }

    private static void text(StringBuilder s, double x, double y, String anchor, String escapedText, String extra) {
        s.append("<text x=\"").append(coordinate(x)).append("\" y=\"").append(coordinate(y)).append("\" text-anchor=\"")
                .append(anchor).append("\" font-size=\"11\" fill=\"currentColor\"").append(extra.isEmpty() ? "" : " " + extra)
                .append('>').append(escapedText).append("</text>");
    }

    private static String coordinate(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A value label: 4 significant digits, plain for ordinary magnitudes. */
    static String number(double v) {
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e6) {
            return Long.toString((long) v);
        }
        return a >= 1e-3 && a < 1e6 ? String.format(Locale.ROOT, "%.4g", v).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "")
                : String.format(Locale.ROOT, "%.3e", v);
    }

    /** Text for XML content and attribute values. */
    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c < 0x20 && c != '\t' ? ' ' : c);
            }
        }
        return s.toString();
    }

    private record Range(double min, double max) {
        boolean isPoint() {
            return max <= min;
        }

        double span() {
            return max - min;
        }
    }
}
