package io.jstap.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstap.format.GlobalDump;
import io.jstap.format.LongValue;
import io.jstap.format.OutputBuffer;
import io.jstap.format.StringValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRecordsTest {
  @Test
  void eachRecordIsOneObjectOnOneLine() {
    var sink = new ByteArrayOutputStream();
    var out = new OutputBuffer(sink);
    var json = new JsonRecords(out);
    json.recordBuffer().write("a \"quoted\"\ttab\n".getBytes(StandardCharsets.UTF_8));
    json.endRecord();
    json.endRecord(); // nothing written: no object
    json.recordBuffer().write(new byte[] {'x', 1, (byte) 0xff, '\\'});
    json.recordBuffer().flush(); // a handler's end ends its record too
    json.global("n", new LongValue(-5));
    json.global("s", StringValue.of("é"));
    json.array("a", List.of(new GlobalDump.ArrayElement(List.of(StringValue.of("k"),
        new LongValue(1)), new LongValue(7))));
    out.flush();
    assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("""
        {"type":"printf","data":"a \\"quoted\\"\\ttab\\n"}
        {"type":"printf","data":"x\\u0001\uFFFD\\\\"}
        {"type":"global","name":"n","data":-5}
        {"type":"global","name":"s","data":"é"}
        {"type":"global","name":"a","data":[{"key":["k",1],"value":7}]}
        """);
  }
}
