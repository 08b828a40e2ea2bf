package io.jenkins.plugins.gputraining;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training the durability tests interrupt: numbered progress lines half a second apart (every third on stderr),
 * then a model file and metrics where the step says. Long enough to restart a controller or an agent in its middle.
 */
final class TrainingScript {

    static final int LINES = 24;

    private TrainingScript() {
    }

    /** The script, for a {@code writeFile text:} in double quotes. */
    static String python() {
        return String.join("\\n",
                "import json, os, sys, time",
                "out = os.environ['GPU_TRAINING_OUTPUT_DIR']",
                "for i in range(" + LINES + "):",
                "    print('progress %02d' % i, file=sys.stderr if i % 3 == 2 else sys.stdout, flush=True)",
                "    time.sleep(0.5)",
                "open(os.path.join(out, 'model.bin'), 'wb').write(b'weights')",
                "json.dump({'params': {'epochs': " + LINES + "}, 'metrics': {'loss': 0.25}}, open(os.path.join(out, 'metrics.json'), 'w'))");
    }

    /** How often each progress line is in {@code log}: exactly once each when nothing was lost or repeated. */
    static int[] progressCounts(String log) {
        int[] counts = new int[LINES];
        Matcher m = Pattern.compile("^progress (\\d\\d)$", Pattern.MULTILINE).matcher(log);
        while (m.find()) {
            counts[Integer.parseInt(m.group(1))]++;
        }
        return counts;
    }
}
