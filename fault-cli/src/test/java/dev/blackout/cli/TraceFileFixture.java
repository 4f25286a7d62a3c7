package dev.blackout.cli;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.Payload;
import dev.blackout.core.trace.TraceOp;
import dev.blackout.core.trace.TraceWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real trace file holding a small image and one op of every kind, with the byte offset where
 * each op's record starts (measured by flushing the writer before each append).
 */
record TraceFileFixture(Path file, InitialImage image, List<TraceOp> ops, List<Long> opOffsets) {

  static TraceFileFixture write(Path file) throws IOException {
    InitialImage image =
        new InitialImage(
            List.of(
                new InitialImage.Entry(
                    "", 1, FileType.DIRECTORY, 0755, 0, 0, 0, Payload.empty(), null),
                new InitialImage.Entry(
                    "db", 4, FileType.REGULAR, 0644, 0, 0, 0, Payload.filled(100, (byte) 'o'),
                    null),
                new InitialImage.Entry(
                    "cur", 10, FileType.SYMLINK, 0777, 0, 0, 0, Payload.empty(), "db")));
    List<TraceOp> ops = SampleOps.everyKind();
    List<Long> offsets = new ArrayList<>();
    try (TraceWriter writer = TraceWriter.create(file)) {
      writer.writeImage(image);
      for (TraceOp op : ops) {
        writer.flush();
        offsets.add(Files.size(file));
        writer.append(op);
      }
    }
    return new TraceFileFixture(file, image, ops, offsets);
  }

  /** The lines {@code show} prints for the records before op index {@code opCount}. */
  List<String> expectedLines(int opCount) {
    List<String> lines = new ArrayList<>();
    TraceLines.image(image, lines::add);
    ops.subList(0, opCount).forEach(op -> lines.add(TraceLines.op(op)));
    return lines;
  }

  int recordCount() {
    return image.entries().size() + ops.size();
  }
}
