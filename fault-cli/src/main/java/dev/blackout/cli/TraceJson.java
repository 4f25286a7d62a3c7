package dev.blackout.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceOp;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Locale;

/**
 * The JSON Lines form of a trace: one object per record with a {@code kind} ({@code image} for an
 * initial-image entry, otherwise the op kind as {@link TraceLines#kind} names it) and every field
 * of the record. The op's {@link OpMeta} fields are flattened into the object ({@code seq},
 * {@code startSeq}, {@code pid}, {@code tid}, {@code timeNanos}, {@code errno}, plus {@code
 * error}, the errno's name, on failed ops). Payloads appear as {@code {"length": n, "crc32c":
 * "hex"}}, never their bytes. File types are lower-case names ({@code regular}, {@code
 * directory}...).
 */
final class TraceJson {
  private final ObjectMapper mapper = new ObjectMapper();

  String entry(InitialImage.Entry entry) {
    ObjectNode node = mapper.createObjectNode();
    node.put("kind", "image");
    putComponents(node, entry);
    return write(node);
  }

  String op(TraceOp op) {
    ObjectNode node = mapper.createObjectNode();
    node.put("kind", TraceLines.kind(op));
    putComponents(node, (Record) op);
    return write(node);
  }

  private void putComponents(ObjectNode node, Record record) {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      Object value;
      try {
        value = c.getAccessor().invoke(record);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + record, e);
      }
      put(node, c.getName(), value);
    }
  }

  private void put(ObjectNode node, String name, Object value) {
    if (value == null) {
      node.putNull(name);
    } else if (value instanceof OpMeta m) {
      node.put("seq", m.seq());
      node.put("startSeq", m.startSeq());
      node.put("pid", m.pid());
      node.put("tid", m.tid());
      node.put("timeNanos", m.timeNanos());
      node.put("errno", m.errno());
      if (m.failed()) {
        node.put("error", Errno.name(m.errno()));
      }
    } else if (value instanceof Payload p) {
      ObjectNode payload = node.putObject(name);
      payload.put("length", p.length());
      payload.put("crc32c", String.format(Locale.ROOT, "%08x", p.crc32c()));
    } else if (value instanceof FileType t) {
      node.put(name, t.name().toLowerCase(Locale.ROOT));
    } else if (value instanceof String s) {
      node.put(name, s);
    } else if (value instanceof Long l) {
      node.put(name, l);
    } else if (value instanceof Integer i) {
      node.put(name, i);
    } else if (value instanceof Boolean b) {
      node.put(name, b);
    } else {
      node.set(name, mapper.valueToTree(value));
    }
  }

  private String write(ObjectNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + node, e);
    }
  }
}
