package io.gputraining.engine.registry.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.registry.RegisteredModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelRegistryConcurrencyTest {

    @TempDir
    Path base;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Runs every task at once (released together by a latch) and returns their results in order. */
    private <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    /** Each call its own registry instance, as separate builds on one agent would have. */
    private Callable<RegisteredModel> registration(String key) throws Exception {
        Path output = Publications.outputFor(base.resolve("work"), key);
        return () -> new LocalModelRegistry(base.resolve("registry")).register(
                Publications.of("resnet", key, Publications.select(output), null), LogSink.discarding(),
                ProgressListener.ignoring());
    }

    @Test
    void eightThreadsWithDifferentKeysGetVersionsOneToEight() throws Exception {
        List<Callable<RegisteredModel>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(registration("run-" + i));
        }
        List<RegisteredModel> models = together(tasks);
        assertThat(models).extracting(RegisteredModel::version).containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6", "7", "8");
        LocalModelRegistry registry = new LocalModelRegistry(base.resolve("registry"));
        assertThat(registry.versions("resnet")).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        for (int i = 0; i < 8; i++) {
            assertThat(registry.find("resnet", "run-" + i)).contains(models.get(i));
        }
    }

    @Test
    void fourThreadsWithOneKeyMakeOneVersion() throws Exception {
        List<Callable<RegisteredModel>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(registration("run-same"));
        }
        List<RegisteredModel> models = together(tasks);
        assertThat(models).extracting(RegisteredModel::version).containsOnly("1");
        assertThat(models).extracting(RegisteredModel::digest).hasSize(4).containsOnly(models.get(0).digest());
        assertThat(new LocalModelRegistry(base.resolve("registry")).versions("resnet")).containsExactly(1);
    }

    @Test
    void readerNeverSeesAVersionWithoutItsManifestAndFiles() throws Exception {
        LocalModelRegistry reader = new LocalModelRegistry(base.resolve("registry"));
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Future<List<String>> reading = pool.submit(() -> {
            List<String> incomplete = new ArrayList<>();
            while (writing.get()) {
                for (int n : reader.versions("resnet")) {
                    VersionManifest m = reader.manifest("resnet", n).orElse(null);
                    if (m == null || !java.nio.file.Files.exists(Path.of(reader.version("resnet", n).orElseThrow()
                            .details().get("files")).resolve(m.artifacts().get(0).path()))) {
                        incomplete.add("version " + n);
                    }
                    seen.add("version " + n);
                }
            }
            return incomplete;
        });
        List<Callable<RegisteredModel>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(registration("run-" + i));
        }
        together(tasks);
        writing.set(false);
        assertThat(reading.get(30, TimeUnit.SECONDS)).isEmpty();
        assertThat(seen).isNotEmpty();
    }

    @Test
    void secondProcessRegisteringConcurrentlyGetsDistinctVersions() throws Exception {
        Path root = base.resolve("registry");
        Path work = base.resolve("work");
        List<String> childKeys = new ArrayList<>(IntStream.range(0, 10).mapToObj(i -> "child-" + i).toList());
        childKeys.add(5, "shared");
        List<String> ourKeys = new ArrayList<>(IntStream.range(0, 10).mapToObj(i -> "parent-" + i).toList());
        ourKeys.add(5, "shared");
        for (String key : ourKeys) {
            Publications.outputFor(work, key);
        }
        for (String key : childKeys) {
            Publications.outputFor(work, key);
        }
        Map<String, String> versions = new HashMap<>();
        try (RegisteringProcess child = new RegisteringProcess(List.of(), root, "resnet", work, childKeys)) {
            child.awaitReady();
            child.go();
            LocalModelRegistry registry = new LocalModelRegistry(root);
            for (String key : ourKeys) {
                RegisteredModel m = registry.register(Publications.of("resnet", key,
                        Publications.select(work.resolve(key)), null), LogSink.discarding(), ProgressListener.ignoring());
                versions.put("parent " + key, m.version());
            }
            List<String> lines = child.finish();
            assertThat(lines).last().isEqualTo("EXIT 0");
            for (String line : lines.subList(0, lines.size() - 1)) {
                String[] f = line.split(" ");
                assertThat(f[0]).as(line).isEqualTo("VERSION");
                versions.put("child " + f[1], f[2]);
            }
        }
        LocalModelRegistry registry = new LocalModelRegistry(root);
        assertThat(registry.versions("resnet")).as("20 keys of their own and one shared")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 21).boxed().toList());
        assertThat(versions.get("child shared")).isEqualTo(versions.get("parent shared"));
        assertThat(versions.values().stream().distinct().count()).isEqualTo(21);
        for (Map.Entry<String, String> e : versions.entrySet()) {
            String key = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            assertThat(registry.find("resnet", key).orElseThrow().version()).as(e.getKey()).isEqualTo(e.getValue());
        }
    }
}
