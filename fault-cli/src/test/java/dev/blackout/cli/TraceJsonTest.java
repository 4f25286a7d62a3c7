package dev.blackout.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceOp;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the JSON Lines form of a trace")
class TraceJsonTest {
  private final ObjectMapper mapper = new ObjectMapper();
  private final TraceJson json = new TraceJson();

  @Test
  @DisplayName("every op kind is one JSON object with its kind, its meta and every field")
  void everyKind() throws Exception {
    for (TraceOp op : SampleOps.everyKind()) {
      String line = json.op(op);
      assertFalse(line.contains("\n"), line);
      JsonNode node = mapper.readTree(line);

      assertEquals(TraceLines.kind(op), node.get("kind").asText(), line);
      assertEquals(op.seq(), node.get("seq").asLong(), line);
      assertEquals(op.seq() - 1, node.get("startSeq").asLong(), line);
      assertEquals(4711, node.get("pid").asInt(), line);
      assertEquals(0, node.get("errno").asInt(), line);
      for (RecordComponent c : op.getClass().getRecordComponents()) {
        if (!c.getName().equals("meta")) {
          assertTrue(node.has(c.getName()), () -> c.getName() + " missing in " + line);
        }
      }
    }
  }

  @Test
  @DisplayName("a write's payload is its length and CRC-32C, not its bytes")
  void payloadIsSummarized() throws Exception {
    Payload data = Payload.of(new byte[] {'h', 'e', 'l', 'l', 'o'});
    TraceOp write = new TraceOp.Write(OpMeta.of(1), 5, 1, 10, data, 1);

    JsonNode node = mapper.readTree(json.op(write));

    assertEquals(5, node.get("data").get("length").asLong());
    assertEquals(
        String.format("%08x", data.crc32c()), node.get("data").get("crc32c").asText());
    assertEquals(2, node.get("data").size(), node.toString());
    assertEquals(10, node.get("offset").asLong());
    assertEquals(5, node.get("inode").asLong());
  }

  @Test
  @DisplayName("a failed op carries its errno and the errno's name")
  void failedOp() throws Exception {
    JsonNode node =
        mapper.readTree(json.op(new TraceOp.Unlink(OpMeta.of(1).withErrno(2), 1, "x", 0)));

    assertEquals(2, node.get("errno").asInt());
    assertEquals("ENOENT", node.get("error").asText());
  }

  @Test
  @DisplayName("an image entry has kind 'image' and every field")
  void imageEntry() throws Exception {
    InitialImage.Entry entry =
        new InitialImage.Entry("a/l", 3, FileType.SYMLINK, 0777, 1, 2, 99, Payload.empty(), "../t");

    JsonNode node = mapper.readTree(json.entry(entry));

    assertEquals("image", node.get("kind").asText());
    assertEquals("a/l", node.get("path").asText());
    assertEquals(3, node.get("inode").asLong());
    assertEquals("symlink", node.get("type").asText());
    assertEquals(0777, node.get("mode").asInt());
    assertEquals(99, node.get("mtimeNanos").asLong());
    assertEquals(0, node.get("content").get("length").asLong());
    assertEquals("../t", node.get("linkTarget").asText());
  }

  @Test
  @DisplayName("hostile names survive as JSON strings on one line")
  void hostileName() throws Exception {
    String hostile = "x\ny\u0000\"";
    String line = json.op(new TraceOp.Mkdir(OpMeta.of(1), 1, hostile, 2, 0755));

    assertFalse(line.contains("\n"), line);
    assertEquals(hostile, mapper.readTree(line).get("name").asText());
  }
}
