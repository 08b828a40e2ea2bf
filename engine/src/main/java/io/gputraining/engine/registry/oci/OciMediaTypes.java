package io.gputraining.engine.registry.oci;

import java.util.Locale;
import java.util.Set;

/**
 * The media types of a model version pushed as an OCI artifact. The version is a CNCF ModelPack model
 * (github.com/modelpack/model-spec): an OCI image manifest with {@link #ARTIFACT_TYPE}, a ModelPack config
 * ({@link #CONFIG}) and one uncompressed layer per file, so that ModelPack tools ({@code modctl}), ORAS
 * ({@code oras pull}) and Kubernetes image volumes can all read it. The layer's media type says what kind of
 * file it is, judged by its name:
 * <table>
 *   <caption>Layer media type by file</caption>
 *   <tr><th>files</th><th>media type</th></tr>
 *   <tr><td>weights: .pt .pth .bin .safetensors .ckpt .onnx .gguf .h5 .keras .pb .tflite .pkl .joblib .npz …</td><td>{@link #WEIGHT}</td></tr>
 *   <tr><td>configuration of the weights: .json .yaml .yml .toml, tokenizer.model, vocab.txt, merges.txt</td><td>{@link #WEIGHT_CONFIG}</td></tr>
 *   <tr><td>code: .py .ipynb .sh .c .cpp .cu …, requirements.txt, Dockerfile, Makefile</td><td>{@link #CODE}</td></tr>
 *   <tr><td>documentation: README*, LICENSE*, NOTICE*, .md .rst .txt .pdf .html</td><td>{@link #DOC}</td></tr>
 *   <tr><td>data: .csv .tsv .parquet .jsonl .arrow .tfrecord</td><td>{@link #DATASET}</td></tr>
 *   <tr><td>the run manifest ({@code run-manifest.json})</td><td>{@link #RUN_MANIFEST}</td></tr>
 *   <tr><td>anything else</td><td>{@link #OTHER}</td></tr>
 * </table>
 * Each layer carries its path in {@link #TITLE_ANNOTATION} (ORAS) and {@link #FILEPATH_ANNOTATION} (ModelPack).
 */
public final class OciMediaTypes {

    /** The manifest itself: an OCI image manifest, the form every registry accepts (no artifact manifest). */
    public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    /** The manifest's {@code artifactType}: a ModelPack model. */
    public static final String ARTIFACT_TYPE = "application/vnd.cncf.model.manifest.v1+json";
    /** The config blob: a ModelPack model config (descriptor, modelfs with the layers' digests). */
    public static final String CONFIG = "application/vnd.cncf.model.config.v1+json";
    /** Model weights, the file as is. */
    public static final String WEIGHT = "application/vnd.cncf.model.weight.v1.raw";
    /** Configuration that goes with the weights (config.json, tokenizer files, hyper-parameter files). */
    public static final String WEIGHT_CONFIG = "application/vnd.cncf.model.weight.config.v1.raw";
    /** Source code: training or inference scripts. */
    public static final String CODE = "application/vnd.cncf.model.code.v1.raw";
    /** Documentation: README, LICENSE, model cards. */
    public static final String DOC = "application/vnd.cncf.model.doc.v1.raw";
    /** Data sets or samples shipped with the model. */
    public static final String DATASET = "application/vnd.cncf.model.dataset.v1.raw";
    /** The run manifest: how the model was made (image digest, commit, command, metrics). Ours; not ModelPack's. */
    public static final String RUN_MANIFEST = "application/vnd.gputraining.run-manifest.v1+json";
    /** A file of no kind we know; every OCI client can still pull it. */
    public static final String OTHER = "application/octet-stream";

    /** ORAS's layer annotation: the file's path, which {@code oras pull} writes it to. */
    public static final String TITLE_ANNOTATION = "org.opencontainers.image.title";
    /** ModelPack's layer annotation for the same path. */
    public static final String FILEPATH_ANNOTATION = "org.cncf.model.filepath";

    private static final Set<String> WEIGHT_EXTENSIONS = Set.of("pt", "pth", "bin", "safetensors", "ckpt", "onnx", "gguf",
            "ggml", "h5", "hdf5", "keras", "pb", "tflite", "pkl", "pickle", "joblib", "npz", "npy", "msgpack", "mar",
            "engine", "plan", "mlmodel", "params", "pdparams", "nemo");
    private static final Set<String> WEIGHT_CONFIG_EXTENSIONS = Set.of("json", "yaml", "yml", "toml");
    private static final Set<String> WEIGHT_CONFIG_NAMES = Set.of("tokenizer.model", "vocab.txt", "merges.txt",
            "spiece.model", "sentencepiece.bpe.model");
    private static final Set<String> CODE_EXTENSIONS = Set.of("py", "ipynb", "sh", "bash", "c", "cc", "cpp", "cxx", "cu",
            "cuh", "h", "hpp", "js", "ts", "go", "rs", "java", "kt", "scala", "r", "jl", "lua", "sql");
    private static final Set<String> CODE_NAMES = Set.of("requirements.txt", "dockerfile", "makefile", "pyproject.toml",
            "setup.cfg", "environment.yml", "environment.yaml");
    private static final Set<String> DOC_PREFIXES = Set.of("readme", "license", "licence", "notice", "copying",
            "changelog", "model_card", "modelcard");
    private static final Set<String> DOC_EXTENSIONS = Set.of("md", "markdown", "rst", "txt", "pdf", "html", "htm", "adoc");
    private static final Set<String> DATASET_EXTENSIONS = Set.of("csv", "tsv", "parquet", "jsonl", "arrow", "tfrecord",
            "avro", "feather");

    private OciMediaTypes() {
    }

    /** The layer media type of an artifact at {@code path} (forward slashes), judged by its file name. */
    public static String forPath(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1);
        String stem = dot < 0 ? name : name.substring(0, dot);
        // Names first: requirements.txt is code and README.txt documentation, whatever .txt says.
        if (CODE_NAMES.contains(name)) {
            return CODE;
        }
        if (WEIGHT_CONFIG_NAMES.contains(name)) {
            return WEIGHT_CONFIG;
        }
        if (DOC_PREFIXES.contains(stem) || DOC_PREFIXES.stream().anyMatch(p -> name.startsWith(p + "-") || name.startsWith(p + "_"))) {
            return DOC;
        }
        if (WEIGHT_EXTENSIONS.contains(extension)) {
            return WEIGHT;
        }
        if (WEIGHT_CONFIG_EXTENSIONS.contains(extension)) {
            return WEIGHT_CONFIG;
        }
        if (CODE_EXTENSIONS.contains(extension)) {
            return CODE;
        }
        if (DOC_EXTENSIONS.contains(extension)) {
            return DOC;
        }
        if (DATASET_EXTENSIONS.contains(extension)) {
            return DATASET;
        }
        return OTHER;
    }
}
