package io.gputraining.controller;

import io.gputraining.engine.testing.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Build pages as a user sees them: the HTML Jenkins serves, and a screenshot taken by Debian's headless
 * Chromium (a fresh profile each time, no network but the controller's) kept as a PNG under {@code target/}.
 * Anonymous users may read (the configuration says so), so the browser needs no login.
 */
final class BuildPages {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final JenkinsApi api;
    private final Path screenshots;
    private final Path profiles;

    BuildPages(JenkinsApi api, Path screenshots, Path profiles) {
        this.api = api;
        this.screenshots = screenshots;
        this.profiles = profiles;
    }

    /** The page's HTML, as the admin sees it. */
    String html(String buildPath) throws IOException, InterruptedException {
        return api.text(buildPath);
    }

    /** Screenshots the page at {@code buildPath} into {@code NAME.png}; returns the file. */
    Path screenshot(String buildPath, String name) throws IOException, InterruptedException {
        TestEnvironment.requirePresent(Files.isExecutable(CHROMIUM), "Debian's chromium (" + CHROMIUM
                + "), which screenshots the build pages");
        Path png = screenshots.resolve(name + ".png");
        Files.deleteIfExists(png);
        Path profile = Files.createTempDirectory(Files.createDirectories(profiles), name);
        Process chromium = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1400,2400",
                "--virtual-time-budget=5000", "--screenshot=" + png, api.root().resolve(buildPath).toString()))
                .redirectErrorStream(true).redirectOutput(profiles.resolve(name + ".log").toFile()).start();
        if (!chromium.waitFor(120, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new IOException("chromium did not finish the screenshot of " + buildPath + " within 120 s");
        }
        if (chromium.exitValue() != 0 || !Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new IOException("chromium (exit " + chromium.exitValue() + ") wrote no screenshot of " + buildPath + ": "
                    + Files.readString(profiles.resolve(name + ".log"), StandardCharsets.UTF_8));
        }
        return png;
    }
}
