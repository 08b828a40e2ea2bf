package io.gputraining.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.LogSink.OutputStreamKind;
import io.gputraining.engine.testing.RecordingSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Docker's multiplexed stream format (Engine API, "Attach to a container"), read into a sink. */
class MultiplexedStreamTest {

    @Test
    void everyByteOfEachStreamArrivesInOrderEvenOneByteAtATime() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            String line = "line " + i + "\n";
            (i % 3 == 0 ? err : out).append(line);
            frame(wire, i % 3 == 0 ? 2 : 1, line);
        }
        RecordingSink sink = new RecordingSink();

        long copied = MultiplexedStream.copy(trickling(wire.toByteArray()), sink);

        assertThat(sink.text(OutputStreamKind.STDOUT)).isEqualTo(out.toString());
        assertThat(sink.text(OutputStreamKind.STDERR)).isEqualTo(err.toString());
        assertThat(copied).isEqualTo(out.length() + err.length());
    }

    @Test
    void framesOfOneStreamThatHaveArrivedReachTheSinkAsOneCall() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        frame(wire, 1, "a\n");
        frame(wire, 1, "b\n");
        frame(wire, 2, "oops\n");
        frame(wire, 1, "c\n");
        RecordingSink sink = new RecordingSink();

        MultiplexedStream.copy(new ByteArrayInputStream(wire.toByteArray()), sink);

        assertThat(sink.events()).extracting(RecordingSink.Event::text).containsExactly("a\nb\n", "oops\n", "c\n");
    }

    @Test
    void aFrameLargerThanTheChunkArrivesWhole() throws Exception {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        frame(wire, 1, new String(big, StandardCharsets.US_ASCII));
        RecordingSink sink = new RecordingSink();

        MultiplexedStream.copy(new ByteArrayInputStream(wire.toByteArray()), sink);

        assertThat(sink.text(OutputStreamKind.STDOUT)).isEqualTo(new String(big, StandardCharsets.US_ASCII));
    }

    @Test
    void aStreamCutInsideAFrameFailsAfterHandingOnWhatArrived() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        frame(wire, 1, "complete\n");
        frame(wire, 1, "cut short\n");
        byte[] bytes = wire.toByteArray();
        RecordingSink sink = new RecordingSink();

        assertThatThrownBy(() -> MultiplexedStream.copy(new ByteArrayInputStream(bytes, 0, bytes.length - 4), sink))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("4 bytes short");
        assertThat(sink.text(OutputStreamKind.STDOUT)).isEqualTo("complete\ncut sh");
    }

    @Test
    void aRawStreamIsRefusedRatherThanMisread() {
        assertThatThrownBy(() -> MultiplexedStream.copy(new ByteArrayInputStream("hello world\n".getBytes(StandardCharsets.US_ASCII)),
                new RecordingSink()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a multiplexed output stream");
    }

    /** Blocks before the next byte until the reader asks: nothing may be held back meanwhile. */
    @Test
    void whatHasArrivedIsHandedOnBeforeTheReaderWaitsForMore() throws Exception {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        frame(first, 1, "first\n");
        RecordingSink sink = new RecordingSink();
        InputStream waitsForTheSink = new InputStream() {
            private final InputStream head = new ByteArrayInputStream(first.toByteArray());

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = head.read(b, off, len);
                if (n >= 0) {
                    return n;
                }
                // The first frame must be in the sink before the stream is read past it.
                assertThat(sink.text(OutputStreamKind.STDOUT)).isEqualTo("first\n");
                return -1;
            }
        };

        MultiplexedStream.copy(waitsForTheSink, sink);

        assertThat(sink.text(OutputStreamKind.STDOUT)).isEqualTo("first\n");
    }

    private static void frame(ByteArrayOutputStream wire, int stream, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
        wire.writeBytes(new byte[] {(byte) stream, 0, 0, 0,
                (byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8), (byte) bytes.length});
        wire.writeBytes(bytes);
    }

    private static InputStream trickling(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }

            @Override
            public int available() {
                return 0;
            }
        };
    }
}
