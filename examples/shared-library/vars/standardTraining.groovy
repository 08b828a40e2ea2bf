// An organisation's standard training pipeline, as a shared-library step:
//
//   @Library('ml-pipelines') _
//   standardTraining model: 'resnet-tiny', command: 'python train.py --epochs 30'
//
// House defaults: the approved image, a preflight that wants idle, cool GPUs with room, registration in the
// production MLflow with the 'candidate' alias on main, and in a scratch registry elsewhere.
// Options: image, gpus, label, tests (a shell command run in the image first), artifacts, minFreeMemoryMiB,
// timeoutMinutes, and cpuOnly: true to train without GPUs (a smoke test of a project's pipeline on a CPU agent).
def call(Map args) {
    if (!args.model || !args.command) {
        error "standardTraining needs model: and command: (got ${args.keySet()})"
    }
    String image = args.image ?: 'pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime@sha256:<approved digest>'
    boolean cpuOnly = args.cpuOnly ?: false
    String gpus = cpuOnly ? 'none' : (args.gpus ?: 'all')
    boolean release = env.BRANCH_NAME == 'main'
    def version = null

    node(args.label ?: 'gpu') {
        // A scripted checkout returns the git variables instead of setting them: the lineage reads them from env.
        def git = checkout scm
        withEnv(["GIT_COMMIT=${git.GIT_COMMIT}", "GIT_URL=${git.GIT_URL}"]) {
            stage('Preflight') {
                def report = gpuHealthCheck image: image, gpus: gpus, requirePinned: true, requireIdle: true,
                                            allowCpuFallback: cpuOnly, minFreeMemoryMiB: (args.minFreeMemoryMiB ?: 16000) as long,
                                            maxTemperatureC: 85
                echo "GPUs: ${report.gpus.collect { it.name }.join(', ')}"
            }
            if (args.tests) {
                stage('Tests') {
                    withPytorchCuda(image: image, gpus: cpuOnly ? 'none' : '1', preflight: false) {
                        sh args.tests
                    }
                }
            }
            stage('Train') {
                version = trainAndRegister image: image, command: args.command, model: args.model,
                        artifacts: args.artifacts ?: '**/*.pt,**/*.safetensors,metrics.json',
                        registry: release ? 'mlflow-prod' : 'scratch', alias: release ? 'candidate' : null,
                        gpus: gpus, allowCpuFallback: cpuOnly, requirePinned: true,
                        timeoutMinutes: (args.timeoutMinutes ?: 240) as int
                echo "registered ${version.model} ${version.version} (${version.uri})"
            }
        }
    }
    return version
}
