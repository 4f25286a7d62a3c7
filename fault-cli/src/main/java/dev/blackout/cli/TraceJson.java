package dev.blackout.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceOp;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Locale;

/**
 * The JSON Lines form of a trace: one object per record with a {@code kind} ({@code image} for an
 * initial-image entry, otherwise the op kind as {@link TraceLines#kind} names it) and every field
 * of the record, in declaration order. The op's {@link OpMeta} fields are flattened into the
 * object ({@code seq}, {@code startSeq}, {@code pid}, {@code tid}, {@code timeNanos}, {@code
 * errno}, plus {@code error}, the errno's name, on failed ops). Payloads appear as {@code
 * {"length": n, "crc32c": "hex"}}, never their bytes. File types are lower-case names ({@code
 * regular}, {@code directory}...). Fields are found by reflection, so a new op kind is printed
 * whole without a change here.
 */
final class TraceJson {
  private static final ClassValue<Field[]> FIELDS =
      new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
          RecordComponent[] components = type.getRecordComponents();
          Field[] fields = new Field[components.length];
          for (int i = 0; i < components.length; i++) {
            fields[i] = new Field(components[i].getName(), components[i].getAccessor());
          }
          return fields;
        }
      };

  private record Field(String name, Method accessor) {}

  private final JsonFactory factory = new JsonFactory();

  String entry(InitialImage.Entry entry) {
    return write("image", entry);
  }

  String op(TraceOp op) {
    return write(TraceLines.kind(op), (Record) op);
  }

  private String write(String kind, Record record) {
    StringWriter text = new StringWriter(256);
    try (JsonGenerator g = factory.createGenerator(text)) {
      g.writeStartObject();
      g.writeStringField("kind", kind);
      for (Field f : FIELDS.get(record.getClass())) {
        writeField(g, f.name(), read(f, record));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static Object read(Field f, Record record) {
    try {
      return f.accessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + f.name() + " of " + record, e);
    }
  }

  private static void writeField(JsonGenerator g, String name, Object value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else if (value instanceof OpMeta m) {
      g.writeNumberField("seq", m.seq());
      g.writeNumberField("startSeq", m.startSeq());
      g.writeNumberField("pid", m.pid());
      g.writeNumberField("tid", m.tid());
      g.writeNumberField("timeNanos", m.timeNanos());
      g.writeNumberField("errno", m.errno());
      if (m.failed()) {
        g.writeStringField("error", Errno.name(m.errno()));
      }
    } else if (value instanceof Payload p) {
      g.writeObjectFieldStart(name);
      g.writeNumberField("length", p.length());
      g.writeStringField("crc32c", String.format(Locale.ROOT, "%08x", p.crc32c()));
      g.writeEndObject();
    } else if (value instanceof FileType t) {
      g.writeStringField(name, t.name().toLowerCase(Locale.ROOT));
    } else if (value instanceof String s) {
      g.writeStringField(name, s);
    } else if (value instanceof Long l) {
      g.writeNumberField(name, l);
    } else if (value instanceof Integer i) {
      g.writeNumberField(name, i);
    } else if (value instanceof Boolean b) {
      g.writeBooleanField(name, b);
    } else {
      g.writeStringField(name, value.toString());
    }
  }
}
