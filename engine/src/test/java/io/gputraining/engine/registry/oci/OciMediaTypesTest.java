package io.gputraining.engine.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OciMediaTypesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "checkpoints/model.pt, application/vnd.cncf.model.weight.v1.raw",
            "model.safetensors, application/vnd.cncf.model.weight.v1.raw",
            "pytorch_model.bin, application/vnd.cncf.model.weight.v1.raw",
            "MODEL.ONNX, application/vnd.cncf.model.weight.v1.raw",
            "config.json, application/vnd.cncf.model.weight.config.v1.raw",
            "hparams.yaml, application/vnd.cncf.model.weight.config.v1.raw",
            "tokenizer/tokenizer.model, application/vnd.cncf.model.weight.config.v1.raw",
            "vocab.txt, application/vnd.cncf.model.weight.config.v1.raw",
            "train.py, application/vnd.cncf.model.code.v1.raw",
            "requirements.txt, application/vnd.cncf.model.code.v1.raw",
            "src/Dockerfile, application/vnd.cncf.model.code.v1.raw",
            "README.md, application/vnd.cncf.model.doc.v1.raw",
            "LICENSE, application/vnd.cncf.model.doc.v1.raw",
            "docs/README.txt, application/vnd.cncf.model.doc.v1.raw",
            "notes.txt, application/vnd.cncf.model.doc.v1.raw",
            "eval/samples.csv, application/vnd.cncf.model.dataset.v1.raw",
            "events.out.tfevents.1700000000, application/octet-stream",
            "weights, application/octet-stream",
    })
    void classifiesAFileByItsName(String path, String mediaType) {
        assertThat(OciMediaTypes.forPath(path)).isEqualTo(mediaType);
    }
}
