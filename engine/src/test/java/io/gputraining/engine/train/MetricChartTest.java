package io.gputraining.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.train.MetricSeries.Point;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The build page's chart: 360 x 150, plot from x 58 to 350 and from y 22 (top) to 126 (bottom). */
class MetricChartTest {

    private final MetricChart chart = MetricChart.small();

    private static MetricSeries series(String key, double... values) {
        return new MetricSeries(key, java.util.stream.IntStream.range(0, values.length)
                .mapToObj(i -> new Point(i, values[i])).toList());
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> all(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void mapsTheFirstStepToTheLeftTheLastToTheRightAndTheValueRangeToTheHeight() throws Exception {
        String svg = chart.svg(series("loss", 1.0, 0.5, 0.25));

        assertThat(all("points=\"([^\"]*)\"", svg)).containsExactly("58.0,22.0 204.0,91.3 350.0,126.0");
        assertThat(parse(svg).getDocumentElement().getLocalName()).isEqualTo("svg");
    }

    @Test
    void labelsTheValueRangeAndTheFirstAndLastStep() {
        String svg = chart.svg(new MetricSeries("loss", List.of(new Point(10, 1.0), new Point(990, 0.0123456))));

        assertThat(all(">([^<]+)</text>", svg)).containsExactly("loss", "1", "0.01235", "step 10", "step 990");
    }

    @Test
    void escapesTheMetricNameEverywhere() throws Exception {
        String svg = chart.svg(series("<script>alert(\"x\")</script> & 'q'", 1, 2));

        assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;");
        assertThat(parse(svg).getElementsByTagNameNS("http://www.w3.org/2000/svg", "title").item(0).getTextContent())
                .isEqualTo("<script>alert(\"x\")</script> & 'q'");
    }

    @Test
    void aNaNOrInfinityBreaksTheLineAndIsCountedInTheTitle() {
        String svg = chart.svg(series("loss", 1.0, Double.NaN, 0.5, 0.4, Double.POSITIVE_INFINITY));

        assertThat(all("<circle cx=\"([^\"]*)\"", svg)).as("the lone point before the gap").containsExactly("58.0");
        assertThat(all("points=\"([^\"]*)\"", svg)).containsExactly("252.7,108.7 350.0,126.0");
        assertThat(svg).contains(">loss (2 values NaN or infinite, not drawn)</text>");
    }

    @Test
    void aSinglePointIsADotInTheMiddleWithOneStepLabel() {
        String svg = chart.svg(new MetricSeries("acc", List.of(new Point(5, 0.9))));

        assertThat(svg).contains("<circle cx=\"204.0\" cy=\"74.0\"").doesNotContain("<polyline");
        assertThat(all(">([^<]+)</text>", svg)).containsExactly("acc", "0.9", "0.9", "step 5");
    }

    @Test
    void aConstantMetricIsALevelLineInTheMiddle() {
        assertThat(all("points=\"([^\"]*)\"", chart.svg(series("lr", 0.01, 0.01, 0.01))))
                .containsExactly("58.0,74.0 204.0,74.0 350.0,74.0");
    }

    @Test
    void saysWhenNothingCanBeDrawn() {
        assertThat(chart.svg(series("loss", Double.NaN, Double.NaN))).contains(">no finite values</text>")
                .contains("(2 values NaN or infinite, not drawn)").doesNotContain("<polyline").doesNotContain("<circle");
        assertThat(chart.svg(new MetricSeries("loss", List.of()))).contains(">no values</text>");
    }

    @Test
    void refusesASizeWithoutRoomForTheLabels() {
        assertThatThrownBy(() -> new MetricChart(100, 50)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 160 x 90");
    }
}
